package io.ipcring.cli;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalUri;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ipcring dump journal:… [--from …] [--count N]}: prints a journal's records as they
 * are now, with sequence, time, type, length and a payload preview, then where it stopped.
 * Maps the journal read-only: it writes nothing, takes no slot and needs read permission only.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print the records of a journal as they are now (read-only: nothing written, no slot taken).",
            "Sequence, append time (UTC), type, length and the payload as text when printable, else hex;",
            "then the sequence a reader would read next."})
final class DumpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "The journal, e.g. journal:/var/lib/app/orders.")
    private String uri;

    @Option(names = "--from", paramLabel = "START", defaultValue = "start",
            description = "start (default), end, seq:N or time:ISO-8601 (e.g. time:2026-12-08T03:00:00Z).")
    private String from;

    @Option(names = "--count", paramLabel = "N", description = "Print at most N records.")
    private Long count;

    @Option(names = "--hex", description = "Always print payloads in hex.")
    private boolean hex;

    @Override
    public Integer call() {
        if (count != null && count <= 0) {
            throw new CliException("--count=" + count + " must be positive");
        }
        if (!JournalUri.isJournal(uri)) {
            throw new CliException("dump reads journals: expected a journal: URI, got " + uri);
        }
        Path directory = JournalUri.parse(uri).directory();
        PrintWriter out = spec.commandLine().getOut();
        long[] printed = {0};
        try (Journal journal = JournalTarget.openReadOnly(directory);
             JournalReader reader = journal.reader(JournalUri.start(from))) {
            while (count == null || printed[0] < count) {
                int limit = count == null ? 1024 : (int) Math.min(1024, count - printed[0]);
                int n = reader.poll((sequence, timestamp, type, buffer, offset, length) -> {
                    printed[0]++;
                    out.println(JournalRecordLine.format(sequence, timestamp, type, buffer, offset, length, hex));
                }, limit);
                if (n == 0) {
                    break;
                }
            }
            out.println("(" + printed[0] + " record(s); next sequence " + reader.nextSequence() + ")");
        }
        out.flush();
        return 0;
    }
}
