package io.ipcring.cli;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.journal.JournalUri;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ipcring tail <uri>}: prints messages as they arrive: type, length, payload; a
 * journal's records with their sequence and time too ({@link JournalTail}).
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print the messages of a channel as they arrive.",
            "Type, length and the payload as text when printable, else hex;",
            "a journal's records with their sequence and append time, from --from (default: the end).",
            "Runs until interrupted, --count or --idle."})
final class TailCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "The channel, e.g. shm:/orders?kind=mpsc or unix:/tmp/orders.sock.")
    private String uri;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
    private Long count;

    @Option(names = "--idle", paramLabel = "SECONDS", description = "Stop after this long without a message.")
    private Long idleSeconds;

    @Option(names = "--hex", description = "Always print payloads in hex.")
    private boolean hex;

    @Option(names = "--from", paramLabel = "START",
            description = "Journals: start, end (default), seq:N or time:ISO-8601 (e.g. time:2026-12-08T03:00:00Z).")
    private String from;

    @Option(names = "--reader", paramLabel = "NAME",
            description = "Journals: read as this named reader (resumes where the name stopped, acknowledges what it prints).")
    private String reader;

    @Override
    public Integer call() throws InterruptedException {
        if (count != null && count <= 0 || idleSeconds != null && idleSeconds <= 0) {
            throw new CliException("--count and --idle must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (JournalUri.isJournal(uri)) {
            new JournalTail(out, hex).run(uri, from, reader, count, idleSeconds);
            out.flush();
            return 0;
        }
        if (from != null || reader != null) {
            throw new CliException("--from and --reader are for journal: URIs; " + uri + " is not one");
        }
        long[] received = {0};
        try (Subscriber subscriber = Channels.subscriber(uri)) {
            long idleSince = System.nanoTime();
            while (count == null || received[0] < count) {
                int limit = count == null ? 64 : (int) Math.min(64, count - received[0]);
                int n;
                try {
                    n = subscriber.poll((type, buffer, offset, length) -> {
                        received[0]++;
                        out.printf(Locale.ROOT, "type=%d length=%d %s%n", type, length,
                                PayloadFormat.format(buffer, offset, length, hex));
                    }, limit, 200, TimeUnit.MILLISECONDS);
                } catch (ChannelClosedException e) {
                    out.println("(channel closed: " + e.getMessage() + ")");
                    break;
                }
                out.flush();
                if (n > 0) {
                    idleSince = System.nanoTime();
                } else if (idleSeconds != null && System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(idleSeconds)) {
                    break;
                }
            }
        }
        out.flush();
        return 0;
    }
}
