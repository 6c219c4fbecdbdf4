package io.ipcring.cli;

import io.ipcring.channel.ChannelException;
import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalInspector;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.SegmentDescriptor;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds the journals in a directory for {@code ipcring ls} and {@code clean}: its
 * subdirectories holding a {@code journal.meta} region, each with the processes its appender
 * slots and reader names name and the processes mapping any of its files; and removes an
 * abandoned journal's files.
 */
final class JournalScanner {
    /** The files a journal directory holds: meta, segments, half-created temporaries. */
    private static final Pattern JOURNAL_FILE = Pattern.compile(
            Pattern.quote(JournalMetaDescriptor.FILE_NAME) + "|\\d{20}" + Pattern.quote(SegmentDescriptor.SUFFIX) + "|\\..+\\.creating");
    private static final Pattern POSITION_FILE = Pattern.compile("[^/]+\\.pos|\\..+\\.creating");

    /**
     * A journal and who uses it.
     *
     * @param directory   the journal's directory
     * @param meta        its meta file's header (the journal's creator)
     * @param segments    segment files
     * @param bytes       the size of its files together
     * @param mappers     the processes that map any of its files now
     * @param owners      the processes holding appender slots and reader names, dead ones included
     * @param ownersError why the owners could not be read (a corrupted journal), null when they were
     */
    record Found(Path directory, RegionInfo meta, int segments, long bytes, Set<Long> mappers, List<RegionOwner> owners,
                 String ownersError) {
        /**
         * @return true when every process is dead: the creator, every appender and named reader,
         *         and no process maps a file of it (as for rings)
         */
        boolean abandoned() {
            return meta.abandoned(mappers) && owners.stream().noneMatch(RegionOwner::alive);
        }
    }

    private JournalScanner() {
    }

    /**
     * @param dir a directory (readable: {@link RegionScanner#scan} checked it)
     * @return the journals directly in it, by name
     */
    static List<Found> scan(Path dir) {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(p.resolve(JournalMetaDescriptor.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
                    candidates.add(p);
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot read " + dir + ": " + e.getMessage());
        }
        candidates.sort(Comparator.comparing(Path::toString));
        List<Found> journals = new ArrayList<>();
        for (Path p : candidates) {
            found(p).ifPresent(journals::add);
        }
        return journals;
    }

    private static Optional<Found> found(Path directory) {
        Optional<RegionInfo> meta = RegionInfo.probe(directory.resolve(JournalMetaDescriptor.FILE_NAME));
        if (meta.isEmpty() || meta.get().kind() != JournalMetaDescriptor.META_KIND) {
            return Optional.empty();
        }
        List<Path> files = files(directory);
        long bytes = 0;
        int segments = 0;
        for (Path f : files) {
            bytes += f.toFile().length();
            if (f.getFileName().toString().endsWith(SegmentDescriptor.SUFFIX)) {
                segments++;
            }
        }
        Set<Long> mappers = new TreeSet<>();
        for (Map.Entry<Path, Set<Long>> e : ProcessMaps.mappers(files).entrySet()) {
            mappers.addAll(e.getValue());
        }
        List<RegionOwner> owners = new ArrayList<>();
        String error = null;
        try (Journal journal = Journal.openReadOnly(directory)) {
            for (ProcessIdentity appender : journal.appenders()) {
                owners.add(new RegionOwner(appender.pid(), appender.isAlive(), "appender"));
            }
            for (JournalInspector.NamedReader reader : JournalInspector.namedReaders(journal)) {
                if (reader.owner() != null) {
                    owners.add(new RegionOwner(reader.owner().pid(), reader.owner().isAlive(), "reader '" + reader.name() + "'"));
                }
            }
        } catch (ChannelException | SharedMemoryException e) {
            owners.clear();
            error = e.getMessage();
        }
        return Optional.of(new Found(directory, meta.get(), segments, bytes, mappers, owners, error));
    }

    /** @return the journal's own files: meta, segments, temporaries, reader positions */
    private static List<Path> files(Path directory) {
        List<Path> files = new ArrayList<>(list(directory, JOURNAL_FILE));
        files.addAll(list(directory.resolve(Journal.READERS_DIRECTORY), POSITION_FILE));
        return files;
    }

    private static List<Path> list(Path directory, Pattern names) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && names.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot read " + directory + ": " + e.getMessage());
        }
        return files;
    }

    /**
     * Removes a journal's own files, then its {@code readers} directory and its directory when
     * nothing else is left in them (another file there is never touched).
     *
     * @param directory the journal's directory
     * @return what is left in the directory (0 when it was removed)
     * @throws IOException when a file cannot be removed
     */
    static int delete(Path directory) throws IOException {
        for (Path f : files(directory)) {
            Files.deleteIfExists(f);
        }
        removeIfEmpty(directory.resolve(Journal.READERS_DIRECTORY));
        return removeIfEmpty(directory);
    }

    /** @return the entries left: 0 when the directory was removed (or was not there) */
    private static int removeIfEmpty(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int left = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path ignored : entries) {
                left++;
            }
        }
        if (left == 0) {
            Files.delete(directory);
        }
        return left;
    }
}
