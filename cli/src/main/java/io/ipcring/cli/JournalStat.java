package io.ipcring.cli;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalInspector;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.ring.journal.SegmentDescriptor;
import io.ipcring.sync.ProcessIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code ipcring stat} shows of a journal, read through a read-only mapping
 * ({@link JournalInspector}): its options, the creator, segments, first and next sequence, the
 * appenders holding slots, the named readers with their position and lag, and the processes
 * that map its files.
 */
final class JournalStat {
    private static final String ROW = "  %-20s ";

    private JournalStat() {
    }

    /**
     * Reads everything first, so a corrupted journal gives the one-line error and no half report.
     *
     * @param out     where to print
     * @param journal the journal, opened read-only
     */
    static void print(PrintWriter out, Journal journal) {
        Path directory = journal.directory();
        RegionInfo meta = RegionInfo.read(directory.resolve(JournalMetaDescriptor.FILE_NAME));
        JournalOptions o = journal.options();
        List<Long> segments = journal.segments();
        long current = journal.currentSegment();
        long first = journal.firstSequence();
        long next = journal.nextSequence();
        List<ProcessIdentity> appenders = journal.appenders();
        List<JournalInspector.NamedReader> readers = JournalInspector.namedReaders(journal);
        List<Path> files = files(directory, segments, readers);
        long bytes = 0;
        for (Path f : files) {
            bytes += size(f);
        }
        Map<Path, Set<Long>> mappers = ProcessMaps.mappers(files);
        Set<Long> users = new TreeSet<>();
        mappers.values().forEach(users::addAll);

        out.println(directory);
        out.printf(Locale.ROOT, ROW + "journal, layout version %d%n", "kind", meta.version());
        out.printf(Locale.ROOT, ROW + "segments of %,d bytes, roll %s, max message %,d, %d appender slots, index every %d records%n",
                "options", o.rollBytes(), o.rollPeriod().name().toLowerCase(Locale.ROOT), o.maxMessageLength(),
                o.appenderSlots(), o.indexInterval());
        out.printf(Locale.ROOT, ROW + "retain %s, sync %s%n", "keeping", o.retention(), o.sync());
        out.printf(Locale.ROOT, ROW + "%s by pid %d (%s)%n", "created", meta.created(), meta.creatorPid(),
                meta.creatorAlive() ? "alive" : "dead");
        out.printf(Locale.ROOT, ROW + "%d file(s)%s, first kept %d, current %d; %,d bytes in all%n", "segments",
                segments.size(), segments.isEmpty() ? "" : " (" + segments.get(0) + ".." + segments.get(segments.size() - 1) + ")",
                journal.firstSegment(), current, bytes);
        out.printf(Locale.ROOT, ROW + "first %d, next %d%n", "sequences", first, next);
        out.printf(Locale.ROOT, ROW + "%d roll(s), %d dead appender claim(s) repaired, %d segment(s) deleted, %d msync(s)%n",
                "history", journal.rolls(), journal.repairs(), journal.deletedSegments(), journal.syncs());
        out.printf(Locale.ROOT, ROW + "%s%n", "appenders", appenders.isEmpty() ? "none" : owners(appenders));
        if (readers.isEmpty()) {
            out.printf(Locale.ROOT, ROW + "%s%n", "named readers", "none");
        }
        for (JournalInspector.NamedReader r : readers) {
            out.printf(Locale.ROOT, ROW + "next sequence %d, lag %d, %s%n", "reader '" + r.name() + "'", r.position().nextSequence(),
                    r.lag(next), r.owner() == null ? "free" : "held by " + owner(r.owner()));
        }
        out.printf(Locale.ROOT, ROW + "%s%n", "mapped by", users.isEmpty() ? "no process" : "pids " + LsCommand.pids(users));
    }

    /** @return the journal's files: meta, segments, reader positions */
    static List<Path> files(Path directory, List<Long> segments, List<JournalInspector.NamedReader> readers) {
        List<Path> files = new ArrayList<>();
        files.add(directory.resolve(JournalMetaDescriptor.FILE_NAME));
        for (long s : segments) {
            files.add(directory.resolve(SegmentDescriptor.fileName(s)));
        }
        for (JournalInspector.NamedReader r : readers) {
            files.add(directory.resolve(Journal.READERS_DIRECTORY).resolve(r.name() + ".pos"));
        }
        return files;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new CliException("cannot read the size of " + file + ": " + e.getMessage());
        }
    }

    private static String owners(List<ProcessIdentity> identities) {
        List<String> shown = new ArrayList<>();
        for (ProcessIdentity p : identities) {
            shown.add(owner(p));
        }
        return String.join(", ", shown);
    }

    private static String owner(ProcessIdentity p) {
        return "pid " + p.pid() + " (" + (p.isAlive() ? "alive" : "dead") + ")";
    }
}
