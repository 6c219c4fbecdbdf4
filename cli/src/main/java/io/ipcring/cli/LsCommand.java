package io.ipcring.cli;

import io.ipcring.sync.SharedRegion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipcring ls [dir]}: the ipcring regions in a directory, their creators, the processes
 * their slots name (owners) and the processes that map them; then its journals (directories,
 * shown with a trailing {@code /}: creator of the meta file, appenders and named readers as
 * owners, the processes mapping any of their files).
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List the ipcring rings and regions in a directory.",
            "Kind, size, creator pid and whether it runs, the processes a ring's slots name (live",
            "producers, consumers and subscribers, then the dead ones) and the processes that map each file now.",
            "Journals (directories) too: segments, bytes, creator, appenders and named readers, mappers.",
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
        List<JournalScanner.Found> journals = JournalScanner.scan(dir);
        if (scan.regions().isEmpty() && scan.temporaries().isEmpty() && journals.isEmpty()) {
            out.println("no ipcring regions in " + dir);
            out.flush();
            return 0;
        }
        int width = 4;
        int ownersWidth = "owners".length();
        for (RegionScanner.Found f : scan.regions()) {
            width = Math.max(width, f.info().path().getFileName().toString().length());
            ownersWidth = Math.max(ownersWidth, owners(f).length());
        }
        for (RegionScanner.Temporary t : scan.temporaries()) {
            width = Math.max(width, t.path().getFileName().toString().length());
        }
        for (JournalScanner.Found j : journals) {
            width = Math.max(width, j.directory().getFileName().toString().length() + 1);
            ownersWidth = Math.max(ownersWidth, owners(j.owners(), j.ownersError()).length());
        }
        String columns = "%-" + width + "s %-22s %12s %-16s %-" + ownersWidth + "s %s";
        out.printf(Locale.ROOT, columns + "%n", "file", "kind", "bytes", "creator", "owners", "mapped by");
        for (RegionScanner.Found f : scan.regions()) {
            RegionInfo i = f.info();
            out.printf(Locale.ROOT, columns + "%s%s%n", i.path().getFileName(), i.kindName(), i.length(),
                    i.creatorPid() + (i.creatorAlive() ? " alive" : " dead"), owners(f), pids(f.mappers()),
                    f.abandoned() ? "  (abandoned: ipcring clean removes it)" : "",
                    f.ownersError() == null ? "" : "  (owners unreadable: " + f.ownersError() + ")");
        }
        for (RegionScanner.Temporary t : scan.temporaries()) {
            out.printf(Locale.ROOT, columns + "%s%n", t.path().getFileName(), "(half-created)", "-",
                    t.creatorPid() + (t.abandoned() ? " dead" : " alive"), "-", "-", t.abandoned() ? "  (abandoned)" : "");
        }
        for (JournalScanner.Found j : journals) {
            RegionInfo meta = j.meta();
            out.printf(Locale.ROOT, columns + "%s%s%n", j.directory().getFileName() + "/", "journal, " + j.segments() + " segment(s)",
                    j.bytes(), meta.creatorPid() + (meta.creatorAlive() ? " alive" : " dead"), owners(j.owners(), j.ownersError()),
                    pids(j.mappers()), j.abandoned() ? "  (abandoned: ipcring clean removes it)" : "",
                    j.ownersError() == null ? "" : "  (owners unreadable: " + j.ownersError() + ")");
        }
        out.flush();
        return 0;
    }

    /**
     * @param f a region
     * @return the live owners' pids, then the dead ones: "4242,4250 dead:4260"; "-" for none,
     *         "?" when they could not be read
     */
    static String owners(RegionScanner.Found f) {
        return owners(f.owners(), f.ownersError());
    }

    /**
     * @param owners      the processes a region's slots (a journal's appender slots and reader names) name
     * @param ownersError why they could not be read, or null
     * @return as {@link #owners(RegionScanner.Found)}
     */
    static String owners(List<RegionOwner> owners, String ownersError) {
        if (ownersError != null) {
            return "?";
        }
        Set<Long> live = new TreeSet<>();
        Set<Long> dead = new TreeSet<>();
        for (RegionOwner o : owners) {
            (o.alive() ? live : dead).add(o.pid());
        }
        dead.removeAll(live);
        if (live.isEmpty()) {
            return dead.isEmpty() ? "-" : "dead:" + pids(dead);
        }
        return pids(live) + (dead.isEmpty() ? "" : " dead:" + pids(dead));
    }

    static String pids(Set<Long> pids) {
        return pids.isEmpty() ? "-" : pids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
