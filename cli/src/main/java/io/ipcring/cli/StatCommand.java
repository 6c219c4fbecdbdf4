package io.ipcring.cli;

import io.ipcring.ring.journal.Journal;
import io.ipcring.sync.SharedRegion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipcring stat <file> [--watch]}: attaches read-only and shows the header (kind, version,
 * size, creator and whether it runs, processes mapping the file) and whatever the kind's
 * {@link RegionInspector} reads: for every ring kind (one-to-one, many-to-one, broadcast, work
 * queue and so RingQueue files) positions, fill, the slots in use with pid and liveness, futex
 * waiters and statistics. A journal ({@code journal:} URI or its directory) shows what
 * {@link JournalStat} reads.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Show what is inside a ring or region file (read-only attach: nothing is written, no slot taken).",
            "Rings of every kind (spsc, mpsc, broadcast, workqueue, so RingQueue files too): positions, fill,",
            "the slots in use with pid, liveness, lag or in-flight messages, futex waiters, statistics.",
            "A journal (journal:/path or its directory): segments, first and next sequence, appenders,",
            "named readers with their lag.",
            "--watch refreshes until interrupted."})
final class StatCommand implements Callable<Integer> {
    /** An indented label column wide enough for every label, then the value. */
    private static final String ROW = "  %-20s ";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The region file, e.g. /dev/shm/orders, or a journal:"
            + " URI, e.g. journal:/var/lib/app/orders.")
    private String target;

    @Option(names = {"-w", "--watch"}, description = "Refresh every --interval until interrupted.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000", description = "Refresh period (default: ${DEFAULT-VALUE} ms).")
    private long intervalMillis;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N refreshes.")
    private Integer count;

    @Override
    public Integer call() throws InterruptedException {
        if (intervalMillis <= 0) {
            throw new CliException("--interval=" + intervalMillis + " must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path journal = JournalTarget.directoryOf(target);
        if (journal != null) {
            try (Journal opened = JournalTarget.openReadOnly(journal)) {
                return show(out, () -> JournalStat.print(out, opened));
            }
        }
        Path file = Paths.get(target);
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a directory; ipcring ls lists the rings in it");
        }
        try (SharedRegion region = SharedRegion.openReadOnly(file)) {
            return show(out, () -> print(out, region));
        }
    }

    /** Prints once, or every interval while watching. */
    private int show(PrintWriter out, Runnable report) throws InterruptedException {
        int shown = 0;
        while (true) {
            report.run();
            out.flush();
            shown++;
            if (!watch || count != null && shown >= count) {
                return 0;
            }
            Thread.sleep(intervalMillis);
            out.println();
        }
    }

    /** Reads everything first, so a corrupted region gives the one-line error and no half report. */
    private static void print(PrintWriter out, SharedRegion region) {
        RegionInfo info = RegionInfo.of(region);
        Optional<RegionInspector> inspector = RegionInspectors.forKind(info.kind());
        List<String[]> details = inspector.isPresent() ? inspector.get().details(region)
                : List.<String[]>of(new String[] {"contents", "not shown: no inspector for this kind"});
        Map<Path, Set<Long>> mappers = ProcessMaps.mappers(List.of(region.path()));
        Set<Long> users = mappers.getOrDefault(region.path().toAbsolutePath().normalize(), Set.of());
        out.println(region.path());
        out.printf(Locale.ROOT, ROW + "%s (0x%08x), layout version %d%n", "kind", info.kindName(), info.kind(), info.version());
        out.printf(Locale.ROOT, ROW + "%,d bytes%n", "size", info.length());
        out.printf(Locale.ROOT, ROW + "%s by pid %d (%s)%n", "created", info.created(), info.creatorPid(),
                info.creatorAlive() ? "alive" : "dead");
        out.printf(Locale.ROOT, ROW + "%s%n", "mapped by", users.isEmpty() ? "no other process" : "pids " + LsCommand.pids(users));
        for (String[] row : details) {
            out.printf(Locale.ROOT, ROW + "%s%n", row[0], row[1]);
        }
    }
}
