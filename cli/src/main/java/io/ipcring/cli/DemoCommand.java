package io.ipcring.cli;

import io.ipcring.bench.BenchOptions;
import io.ipcring.bench.BenchReport;
import io.ipcring.bench.BenchRunner;
import io.ipcring.bench.ChannelTransport;
import io.ipcring.bench.ExitCleanup;
import io.ipcring.bench.Pinning;
import io.ipcring.bench.ProgressListener;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ipcring demo}: the first thing to run. First, over a shared-memory ring and then each
 * legacy transport, starts a partner process ({@link DemoPeer}), exchanges a few text messages
 * with it and says goodbye. Then it measures every transport's round trips with the bench's
 * harness ({@link BenchRunner}: the two processes pinned to separate cores when it can, each
 * transport warmed up before it is measured, a shared-memory spin floor beside them) and ends
 * with one table sorted by p50 ({@link DemoTable}). A transport that is not available here is
 * listed with the reason. Ctrl-C ends the partner processes and removes their files.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Two processes exchange messages over a ring, then each legacy transport;",
            "then every transport's round trips are measured, one table sorted by p50.",
            "Shared-memory rings (busy-spin and blocking), pipe, FIFO, POSIX and System V",
            "message queues, Unix and TCP sockets: the same message format and API.",
            "The measurement pins the two processes to separate cores (taskset), warms",
            "each transport up before timing it and puts a shared-memory spin ping-pong",
            "(the floor) beside them; at most 20 s per transport; progress on stderr.",
            "A transport that is not available here is listed with the reason."})
final class DemoCommand implements Callable<Integer> {
    /** The transports the demo walks through, in order. */
    static final List<String> TRANSPORTS = List.of("shm-spsc-blocking", "shm-spsc", "pipe", "fifo", "posix-mq", "sysv-mq", "unix", "tcp");
    /** The floor measured beside them: two processes spinning on shared memory, no ring. */
    static final String FLOOR = "spin-baseline";
    /**
     * The longest one transport's measurement may take (starting its two JVMs, warm-up, round
     * trips); one that takes longer is stopped and listed with the round trips it timed by then,
     * marked "time-boxed", or as failed when it timed none.
     */
    static final Duration TIME_BOX = Duration.ofSeconds(20);
    /** Payload bytes of every measured round trip. */
    static final int SIZE = 32;
    private static final String[] GREETINGS = {"hello from the demo", "same format on every transport", "bye for now"};
    private static final long REPLY_TIMEOUT_SECONDS = 10;
    private static final String PIPE_URI = "pipe:stdio";
    /**
     * The throughput messages the bench's harness sends after the round trips: its least, since
     * the demo shows no throughput.
     */
    private static final long MESSAGES = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--round-trips", paramLabel = "N",
            description = "Measured round trips per transport (default: 100,000 through shared memory, 20,000 through the kernel).")
    private Integer roundTrips;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Unmeasured round trips before them, for the JIT (default: 20,000 through shared memory, 5,000 through the kernel).")
    private Integer warmup;

    @Option(names = "--transports", split = ",", paramLabel = "NAME", description = "Only these (default: all the demo knows).")
    private List<String> only;

    /** The time box of each transport's measurement; a test gives its own. */
    Duration timeBox = TIME_BOX;

    /** Which CPUs the measurement runs on; a test gives its own. */
    Supplier<Pinning> pinningProbe = Pinning::detect;

    /** Told of the measurement's progress; null for a {@link ProgressPrinter} on stderr. A test gives its own. */
    ProgressListener progress;

    @Override
    public Integer call() throws InterruptedException {
        if (roundTrips != null && roundTrips < 1) {
            throw new CliException("--round-trips=" + roundTrips + " must be positive");
        }
        if (warmup != null && warmup < 0) {
            throw new CliException("--warmup=" + warmup + " must not be negative");
        }
        List<String> names = only == null ? TRANSPORTS : only;
        for (String name : names) {
            Transports.get(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "ipcring demo: this process (pid %d) talks to a partner process over each transport.%n",
                ProcessHandle.current().pid());
        out.printf(Locale.ROOT, "Every transport carries the same message: an 8-byte header (length, type) and the payload.%n");
        int failures = converse(out, names);
        failures += measure(out, names);
        out.println();
        out.println(failures == 0 ? "demo finished." : "demo finished; " + failures + " failure(s), see above.");
        out.flush();
        return failures == 0 ? 0 : IpcringCli.EXIT_FAILURE;
    }

    /** Part one: the messages over each transport. @return how many transports failed */
    private int converse(PrintWriter out, List<String> names) throws InterruptedException {
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
        return failures;
    }

    /**
     * Part two: every transport's round trips and the floor, measured by the bench's harness,
     * then the table.
     *
     * @return how many transports failed (not counting those not available here, nor those
     *         time-boxed after some timed round trips)
     */
    private int measure(PrintWriter out, List<String> names) {
        // the floor after the transports: the order changes no figure (every case probes the floor just before it)
        List<String> measured = new ArrayList<>(names);
        measured.add(FLOOR);
        BenchOptions options = new BenchOptions(measured, List.of(SIZE), true, warmup, roundTrips, MESSAGES, timeBox,
                BenchOptions.defaults().workRoot(), 1);
        Pinning pinning = pinningProbe.get();
        out.println();
        out.println("== round trips, measured: " + plan(options));
        out.println("  " + pinningLine(pinning));
        out.println("  progress on stderr; each transport takes at most " + timeBox.toSeconds() + " s");
        out.flush();
        ProgressListener listener = progress != null ? progress : new ProgressPrinter(System.err, System.console() != null, true);
        BenchReport report = new BenchRunner(options, listener, pinning).run();
        out.println();
        out.print(DemoTable.format(report));
        out.flush();
        return (int) report.results().stream().filter(r -> r.available() && !r.hasRoundTrips()).count();
    }

    /** @return how many round trips each transport gets, in words */
    static String plan(BenchOptions options) {
        Transport memory = Transports.get(FLOOR);
        Transport kernel = Transports.get("pipe");
        return String.format(Locale.ROOT, "%d-byte messages; each transport warms up (JIT) with %,d round trips through "
                        + "shared memory or %,d through the kernel, then %,d or %,d are timed", SIZE,
                options.warmupFor(memory, SIZE), options.warmupFor(kernel, SIZE), options.roundTripsFor(memory, SIZE),
                options.roundTripsFor(kernel, SIZE));
    }

    /**
     * @param pinning where the measurement runs
     * @return one line saying on which cores the two processes run, or why they run unpinned
     */
    static String pinningLine(Pinning pinning) {
        if (pinning.enabled()) {
            return String.format(Locale.ROOT, "pinned with taskset: the measuring process on CPU %d, its partner on CPU %d",
                    pinning.parentCpu(), pinning.childCpu());
        }
        return "running unpinned (" + pinning.reason() + "): the scheduler moves both processes, so figures vary more";
    }

    /**
     * Runs the demo over one transport: a channel transport opened by URI on both sides, or the
     * pipe, where the partner is started with the pipes as its stdin and stdout. When this JVM is
     * told to exit meanwhile (Ctrl-C), the partner is killed and the channels' files removed.
     *
     * @return false when it failed
     */
    boolean run(PrintWriter out, String name, Transport transport) throws InterruptedException {
        String tag = "ipcring-demo-" + ProcessHandle.current().pid() + "-" + name;
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), tag);
        List<String> uris = List.of();
        Process partner = null;
        ExitCleanup onExit = null;
        try {
            Files.createDirectories(dir);
            boolean pipe = transport.usesChildStdio();
            uris = pipe ? List.of(PIPE_URI, PIPE_URI) : ((ChannelTransport) transport).resolve(tag, dir);
            List<String> created = uris;
            onExit = new ExitCleanup("demo-exit-cleanup", () -> removeFiles(created, dir));
            PipeProcess pipeProcess = null;
            if (pipe) {
                out.printf(Locale.ROOT, "== %s: partner's stdin and stdout, the partner opens %s%n", name, PIPE_URI);
                ProcessBuilder command = partnerCommand(uris).redirectError(dir.resolve("partner.log").toFile());
                pipeProcess = onExit.start(() -> PipeProcess.start(command, StreamOptions.defaults()), PipeProcess::process);
                partner = pipeProcess.process();
            } else {
                out.printf(Locale.ROOT, "== %s: %s -> partner, partner -> %s%n", name, uris.get(0), uris.get(1));
                partner = onExit.start(partnerCommand(uris).redirectErrorStream(true));
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
                    String answer = exchange.roundTrip(DemoPeer.TEXT, ByteBuffer.wrap(text), text.length);
                    // no time shown: these first messages run cold (class loading, interpreter); the table times it warm
                    out.printf(Locale.ROOT, "  sent \"%s\" (type %d, %d bytes); partner answered \"%s\"%n",
                            greeting, DemoPeer.TEXT, text.length, answer);
                    out.flush();
                }
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
            removeFiles(uris, dir);
            if (onExit != null) {
                onExit.close();
            }
        }
    }

    /** Removes what the channels of one transport left: ring files, queues, the directory. */
    private static void removeFiles(List<String> uris, Path dir) {
        ChannelTransport.removeLeftovers(uris);
        deleteTree(dir);
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
