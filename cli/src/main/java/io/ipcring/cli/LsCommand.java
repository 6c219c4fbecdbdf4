package io.ipcring.cli;

import io.ipcring.sync.SharedRegion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ipcring ls [dir]}: the ipcring regions in a directory, their creators and users. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the ipcring rings and regions in a directory.",
            "Kind, size, creator pid and whether it runs, and the processes that map each file now.",
            "The default directory is /dev/shm (or -Dipcring.dir)."})
final class LsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The directory (default: ${DEFAULT-VALUE}).")
    private Path dir = SharedRegion.defaultDirectory();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RegionScanner.Scan scan = RegionScanner.scan(dir);
        if (scan.regions().isEmpty() && scan.temporaries().isEmpty()) {
            out.println("no ipcring regions in " + dir);
            out.flush();
            return 0;
        }
        int width = 4;
        for (RegionScanner.Found f : scan.regions()) {
            width = Math.max(width, f.info().path().getFileName().toString().length());
        }
        for (RegionScanner.Temporary t : scan.temporaries()) {
            width = Math.max(width, t.path().getFileName().toString().length());
        }
        String name = "%-" + width + "s";
        out.printf(Locale.ROOT, name + " %-22s %12s %-16s %s%n", "file", "kind", "bytes", "creator", "mapped by");
        for (RegionScanner.Found f : scan.regions()) {
            RegionInfo i = f.info();
            out.printf(Locale.ROOT, name + " %-22s %12d %-16s %s%s%n", i.path().getFileName(), i.kindName(), i.length(),
                    i.creatorPid() + (i.creatorAlive() ? " alive" : " dead"), pids(f.mappers()),
                    f.abandoned() ? "  (abandoned: ipcring clean removes it)" : "");
        }
        for (RegionScanner.Temporary t : scan.temporaries()) {
            out.printf(Locale.ROOT, name + " %-22s %12s %-16s %s%n", t.path().getFileName(), "(half-created)", "-",
                    t.creatorPid() + (t.abandoned() ? " dead" : " alive"), t.abandoned() ? "  (abandoned)" : "");
        }
        out.flush();
        return 0;
    }

    static String pids(Set<Long> pids) {
        return pids.isEmpty() ? "-" : pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
