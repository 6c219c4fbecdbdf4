package io.ipcring.cli;

import io.ipcring.sync.SharedRegion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ipcring clean [dir] [--yes]}: removes the regions no process uses any more (creator dead,
 * every process the ring's slots name dead, nobody maps the file) and half-created temporary
 * files of dead creators. Asks first unless {@code --yes}; anything else in the directory is
 * never touched.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove ipcring regions whose every process is dead.",
            "The creator is gone, every producer, consumer and subscriber a ring's slots name is gone,",
            "and no process maps the file (seen in /proc/*/maps).",
            "Asks before removing unless --yes."})
final class CleanCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The directory (default: ${DEFAULT-VALUE}).")
    private Path dir = SharedRegion.defaultDirectory();

    @Option(names = {"-y", "--yes"}, description = "Remove without asking.")
    private boolean yes;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RegionScanner.Scan scan = RegionScanner.scan(dir);
        List<Path> doomed = new ArrayList<>();
        for (RegionScanner.Found f : scan.regions()) {
            if (f.abandoned()) {
                doomed.add(f.info().path());
                out.printf(Locale.ROOT, "abandoned: %s (%s, creator %d dead, %s, mapped by nobody)%n", f.info().path(),
                        f.info().kindName(), f.info().creatorPid(), f.ownersError() != null
                                ? "slot owners unreadable: " + f.ownersError()
                                : f.owners().isEmpty() ? "no slot owners" : "every slot owner dead");
            }
        }
        for (RegionScanner.Temporary t : scan.temporaries()) {
            if (t.abandoned()) {
                doomed.add(t.path());
                out.printf(Locale.ROOT, "abandoned: %s (half-created by %d, dead)%n", t.path(), t.creatorPid());
            }
        }
        if (doomed.isEmpty()) {
            out.println("nothing to clean in " + dir);
            out.flush();
            return 0;
        }
        if (!yes) {
            out.printf(Locale.ROOT, "remove %d file(s)? [y/N] ", doomed.size());
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                out.println("nothing removed");
                out.flush();
                return 0;
            }
        }
        int removed = 0;
        for (Path p : doomed) {
            if (Files.deleteIfExists(p)) {
                removed++;
            }
        }
        out.println("removed " + removed + " file(s)");
        out.flush();
        return 0;
    }
}
