package io.ipcring.cli;

import io.ipcring.bench.ChannelTransport;
import io.ipcring.bench.Transport;
import io.ipcring.bench.TransportUnavailableException;
import io.ipcring.bench.Transports;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.pipe.PipeProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ipcring demo}: the first thing to run. For a shared-memory ring and then each legacy
 * transport, starts a partner process ({@link DemoPeer}), exchanges a few text messages with it
 * showing each one and its round-trip time, times a burst of round trips, and says goodbye. A
 * transport that is not available here is listed with the reason.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Two processes exchange messages over a ring, then each legacy transport.",
            "A shared-memory ring first, then pipe, FIFO, POSIX and System V message queues, Unix and",
            "TCP sockets, with the same message format and API; prints what happens and the round-trip",
            "times. A transport that is not available here is listed with the reason."})
final class DemoCommand implements Callable<Integer> {
    /** The transports the demo walks through, in order. */
    static final List<String> TRANSPORTS = List.of("shm-spsc-blocking", "shm-spsc", "pipe", "fifo", "posix-mq", "sysv-mq", "unix", "tcp");
    private static final String[] GREETINGS = {"hello from the demo", "same format on every transport", "bye for now"};
    private static final long REPLY_TIMEOUT_SECONDS = 10;
    private static final String PIPE_URI = "pipe:stdio";

    @Spec
    private CommandSpec spec;

    @Option(names = "--round-trips", paramLabel = "N", defaultValue = "2000",
            description = "Timed round trips per transport (default: ${DEFAULT-VALUE}).")
    private int roundTrips;

    @Option(names = "--transports", split = ",", paramLabel = "NAME", description = "Only these (default: all the demo knows).")
    private List<String> only;

    @Override
    public Integer call() throws InterruptedException {
        if (roundTrips < 1) {
            throw new CliException("--round-trips=" + roundTrips + " must be positive");
        }
        List<String> names = only == null ? TRANSPORTS : only;
        for (String name : names) {
            Transports.get(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "ipcring demo: this process (pid %d) talks to a partner process over each transport.%n",
                ProcessHandle.current().pid());
        out.printf(Locale.ROOT, "Every transport carries the same message: an 8-byte header (length, type) and the payload.%n");
        int failures = 0;
        for (String name : names) {
            out.println();
            Transport t = Transports.get(name);
            String reason = t.unavailableReason();
            if (reason != null || !(t instanceof ChannelTransport || t.usesChildStdio())) {
                out.printf(Locale.ROOT, "== %s: not available: %s%n", name,
                        reason != null ? reason : "the demo has no adapter for it");
                out.flush();
                continue;
            }
            if (!run(out, name, t)) {
                failures++;
            }
            out.flush();
        }
        out.println();
        out.println(failures == 0 ? "demo finished." : "demo finished; " + failures + " transport(s) failed (see above).");
        out.flush();
        return failures == 0 ? 0 : IpcringCli.EXIT_FAILURE;
    }

    /**
     * Runs the demo over one transport: a channel transport opened by URI on both sides, or the
     * pipe, where the partner is started with the pipes as its stdin and stdout.
     *
     * @return false when it failed
     */
    boolean run(PrintWriter out, String name, Transport transport) throws InterruptedException {
        String tag = "ipcring-demo-" + ProcessHandle.current().pid() + "-" + name;
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), tag);
        List<String> uris = List.of();
        Process partner = null;
        try {
            Files.createDirectories(dir);
            boolean pipe = transport.usesChildStdio();
            uris = pipe ? List.of(PIPE_URI, PIPE_URI) : ((ChannelTransport) transport).resolve(tag, dir);
            PipeProcess pipeProcess = null;
            if (pipe) {
                out.printf(Locale.ROOT, "== %s: partner's stdin and stdout, the partner opens %s%n", name, PIPE_URI);
                pipeProcess = PipeProcess.start(partnerCommand(uris).redirectError(dir.resolve("partner.log").toFile()),
                        StreamOptions.defaults());
                partner = pipeProcess.process();
            } else {
                out.printf(Locale.ROOT, "== %s: %s -> partner, partner -> %s%n", name, uris.get(0), uris.get(1));
                partner = partnerCommand(uris).redirectErrorStream(true).start();
            }
            out.printf(Locale.ROOT, "  started the partner process, pid %d%n", partner.pid());
            List<String> channels = uris;
            PipeProcess pipeChannel = pipeProcess;
            try (Publisher publisher = pipe ? pipeChannel : ChannelTransport.openRetrying(() -> Channels.publisher(channels.get(0)));
                 Subscriber subscriber = pipe ? null : ChannelTransport.openRetrying(() -> Channels.subscriber(channels.get(1)))) {
                out.printf(Locale.ROOT, "  both sides are connected%n");
                Exchange exchange = new Exchange(publisher, pipe ? pipeChannel : subscriber);
                for (String greeting : GREETINGS) {
                    byte[] text = greeting.getBytes(StandardCharsets.UTF_8);
                    long start = System.nanoTime();
                    String answer = exchange.roundTrip(DemoPeer.TEXT, ByteBuffer.wrap(text), text.length);
                    long rtt = System.nanoTime() - start;
                    out.printf(Locale.ROOT, "  sent \"%s\" (type %d, %d bytes); partner answered \"%s\" in %s%n",
                            greeting, DemoPeer.TEXT, text.length, answer, micros(rtt));
                    out.flush();
                }
                Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(REPLY_TIMEOUT_SECONDS), 3);
                ByteBuffer ping = ByteBuffer.allocateDirect(32);
                for (int i = 0; i < roundTrips; i++) {
                    long start = System.nanoTime();
                    exchange.roundTrip(DemoPeer.PING, ping, ping.capacity());
                    histogram.recordValue(Math.min(System.nanoTime() - start, histogram.getHighestTrackableValue()));
                }
                out.printf(Locale.ROOT, "  %,d round trips of 32 bytes: p50 %s, p99 %s, max %s (%s waits, not pinned)%n",
                        roundTrips, micros(histogram.getValueAtPercentile(50)), micros(histogram.getValueAtPercentile(99)),
                        micros(histogram.getMaxValue()), transport.mode());
                exchange.send(DemoPeer.BYE, ByteBuffer.allocate(0), 0);
            }
            boolean exited = partner.waitFor(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            out.printf(Locale.ROOT, "  said goodbye; the partner %s%n",
                    exited ? "exited with code " + partner.exitValue() : "did not exit in time and was stopped");
            return exited && partner.exitValue() == 0;
        } catch (TransportUnavailableException e) {
            out.printf(Locale.ROOT, "== %s: not available: %s%n", name, e.getMessage());
            return true;
        } catch (IOException | RuntimeException e) {
            out.printf(Locale.ROOT, "  FAILED: %s%s%n", e, partner == null ? "" : partnerOutput(partner));
            return false;
        } finally {
            if (partner != null && partner.isAlive()) {
                partner.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            ChannelTransport.removeLeftovers(uris);
            deleteTree(dir);
        }
    }

    /** The partner: this JVM's java and class path, with the flags ipcring's code needs on that java. */
    private static ProcessBuilder partnerCommand(List<String> uris) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvmFlags.forIpcring());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DemoPeer.class.getName());
        command.addAll(uris);
        return new ProcessBuilder(command);
    }

    private static String partnerOutput(Process partner) {
        try {
            if (partner.isAlive()) {
                return "";
            }
            String text = new String(partner.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "" : "; partner said: " + text;
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // nothing there, or already removed
        }
    }

    static String micros(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** One message out, its answer back. */
    private static final class Exchange implements MessageHandler {
        private final Publisher publisher;
        private final Subscriber subscriber;
        private String answer;
        private boolean answered;

        Exchange(Publisher publisher, Subscriber subscriber) {
            this.publisher = publisher;
            this.subscriber = subscriber;
        }

        void send(int type, ByteBuffer payload, int length) throws InterruptedException {
            if (!publisher.offer(payload, 0, length, type, REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no room on " + publisher.uri() + " for " + REPLY_TIMEOUT_SECONDS + " s");
            }
        }

        String roundTrip(int type, ByteBuffer payload, int length) throws InterruptedException {
            send(type, payload, length);
            answered = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REPLY_TIMEOUT_SECONDS);
            while (!answered) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("no answer on " + subscriber.uri() + " within " + REPLY_TIMEOUT_SECONDS + " s");
                }
                subscriber.poll(this, 1, 100, TimeUnit.MILLISECONDS);
            }
            return answer;
        }

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            if (type == DemoPeer.TEXT) {
                byte[] text = new byte[length];
                buffer.get(offset, text, 0, length);
                answer = new String(text, StandardCharsets.UTF_8);
            } else {
                answer = null;
            }
            answered = true;
        }
    }
}
