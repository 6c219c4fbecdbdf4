package io.ipcring.cli;

import io.ipcring.sync.SharedRegion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@link RegionInspector} reads (for rings: positions, fill, subscribers, statistics, once the
 * ring's inspection API is plugged in).
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Show what is inside a ring or region file (read-only attach).",
            "--watch refreshes until interrupted."})
final class StatCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The region file, e.g. /dev/shm/orders.")
    private Path file;

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
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a directory; ipcring ls lists the rings in it");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SharedRegion region = SharedRegion.openReadOnly(file)) {
            int shown = 0;
            while (true) {
                print(out, region);
                out.flush();
                shown++;
                if (!watch || count != null && shown >= count) {
                    return 0;
                }
                Thread.sleep(intervalMillis);
                out.println();
            }
        }
    }

    private static void print(PrintWriter out, SharedRegion region) {
        RegionInfo info = RegionInfo.of(region);
        Map<Path, Set<Long>> mappers = ProcessMaps.mappers(List.of(region.path()));
        Set<Long> users = mappers.getOrDefault(region.path().toAbsolutePath().normalize(), Set.of());
        out.println(region.path());
        out.printf(Locale.ROOT, "  %-18s %s (0x%08x), layout version %d%n", "kind", info.kindName(), info.kind(), info.version());
        out.printf(Locale.ROOT, "  %-18s %,d bytes%n", "size", info.length());
        out.printf(Locale.ROOT, "  %-18s %s by pid %d (%s)%n", "created", info.created(), info.creatorPid(),
                info.creatorAlive() ? "alive" : "dead");
        out.printf(Locale.ROOT, "  %-18s %s%n", "mapped by", users.isEmpty() ? "no other process" : "pids " + LsCommand.pids(users));
        Optional<RegionInspector> inspector = RegionInspectors.forKind(info.kind());
        if (inspector.isEmpty()) {
            out.printf(Locale.ROOT, "  %-18s not shown: no inspector for this kind (ring fields come with the ring"
                    + " module's read-only inspection API)%n", "contents");
            return;
        }
        for (String[] row : inspector.get().details(region)) {
            out.printf(Locale.ROOT, "  %-18s %s%n", row[0], row[1]);
        }
    }
}
