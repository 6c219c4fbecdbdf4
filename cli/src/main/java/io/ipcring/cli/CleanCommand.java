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
 * every process the ring's slots name dead, nobody maps the file), half-created temporary
 * files of dead creators, and the journals no process uses any more (the meta's creator dead,
 * every appender slot and reader name free or held by a dead process, nobody maps a file of
 * it): a journal's files, its records with them. Asks first unless {@code --yes}; anything else
 * in the directory is never touched.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove ipcring regions whose every process is dead.",
            "The creator is gone, every producer, consumer and subscriber a ring's slots name is gone,",
            "and no process maps the file (seen in /proc/*/maps).",
            "A journal (a directory) likewise: creator, appenders and named readers gone, none of its files mapped;",
            "its records go with it.",
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
        List<Path> doomedJournals = new ArrayList<>();
        for (JournalScanner.Found j : JournalScanner.scan(dir)) {
            if (j.abandoned()) {
                doomedJournals.add(j.directory());
                out.printf(Locale.ROOT, "abandoned: %s/ (journal, %d segment(s), creator %d dead, %s, mapped by nobody)%n",
                        j.directory(), j.segments(), j.meta().creatorPid(), j.ownersError() != null
                                ? "appenders and readers unreadable: " + j.ownersError()
                                : j.owners().isEmpty() ? "no appenders or named readers" : "every appender and named reader dead");
            }
        }
        if (doomed.isEmpty() && doomedJournals.isEmpty()) {
            out.println("nothing to clean in " + dir);
            out.flush();
            return 0;
        }
        if (!yes) {
            out.printf(Locale.ROOT, "remove %s? [y/N] ", what(doomed.size(), doomedJournals.size()));
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
        int removedJournals = 0;
        for (Path j : doomedJournals) {
            int left = JournalScanner.delete(j);
            removedJournals++;
            if (left > 0) {
                out.printf(Locale.ROOT, "kept %s/: %d entr%s in it not a journal's%n", j, left, left == 1 ? "y" : "ies");
            }
        }
        out.println("removed " + what(removed, removedJournals));
        out.flush();
        return 0;
    }

    /** @return "N file(s)", with " and M journal(s)" when there are journals */
    private static String what(int files, int journals) {
        return journals == 0 ? files + " file(s)" : files + " file(s) and " + journals + " journal(s)";
    }
}
