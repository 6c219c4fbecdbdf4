package io.ipcring.bench;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.SharedRegion;
import io.ipcring.transport.mq.PosixMessageQueue;
import io.ipcring.transport.mq.SysVMessageQueue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Any ipcring transport reached through {@link Channels#publisher(String)} and
 * {@link Channels#subscriber(String)}: the shared-memory rings ({@code shm:}) and the legacy
 * transports (FIFO, message queues, sockets). A case uses two channels, {@code a2b} (parent to
 * child) and {@code b2a}; their URIs come from a template with placeholders:
 * {@code {tag}} (a name unique to the case), {@code {dir}} (the case's directory),
 * {@code {capacity}} (the case's ring capacity in bytes, {@code --capacity}),
 * {@code {key}} (a random System V key in hex) and {@code {port}} (a free TCP port), each filled
 * once per channel. The parent fills them before the child starts and leaves the two URIs in the
 * case's directory for both sides.
 *
 * <p>Opening: the parent opens {@code a2b}'s publisher then {@code b2a}'s subscriber, the child
 * {@code a2b}'s subscriber then {@code b2a}'s publisher, at the same time, each retrying a
 * {@link ChannelException} (peer not listening yet) for a while, so it works whether a
 * transport's open waits for its peer (a FIFO) or fails until the peer exists (a socket). An
 * {@link IllegalArgumentException} or {@link UnsupportedOperationException} from the factory (an
 * unknown scheme, a kind the provider rejects) makes the case "not available" with that message.
 *
 * <p>Waiting: in {@code busy-spin} mode the loops call the non-blocking {@code offer}/{@code poll}
 * and spin; in {@code blocking} and {@code backoff} mode they call the timed variants, which
 * sleep in the transport (futex for rings, the kernel for the legacy transports) or, where the
 * transport cannot wait in the kernel ({@code sysvmq:}), retry the non-blocking call between
 * growing parks.
 */
public final class ChannelTransport implements Transport {
    /** How long an open is retried while the peer is not there yet. */
    private static final long OPEN_RETRY_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final String URIS_FILE = "channels";

    private final String name;
    private final String mode;
    private final Speed speed;
    private final String template;

    /**
     * @param name     the transport's name
     * @param mode     {@code busy-spin}, {@code blocking} or {@code backoff}: what the transport's timed calls do
     * @param speed    the speed class
     * @param template the channel URI with placeholders, {@code {channel}} naming the direction
     */
    public ChannelTransport(String name, String mode, Speed speed, String template) {
        this.name = Objects.requireNonNull(name, "name");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.speed = Objects.requireNonNull(speed, "speed");
        this.template = Objects.requireNonNull(template, "template");
        if (!mode.equals("busy-spin") && !mode.equals("blocking") && !mode.equals("backoff")) {
            throw new IllegalArgumentException("mode=" + mode + " must be busy-spin, blocking or backoff");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public Speed speed() {
        return speed;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    /** @return the scheme of the template */
    public String scheme() {
        return template.substring(0, template.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    @Override
    public String unavailableReason() {
        if (!Channels.schemes().containsKey(scheme())) {
            return "no transport for scheme '" + scheme() + "' on the class path (available: "
                    + Channels.schemes().keySet() + ")";
        }
        return null;
    }

    @Override
    public boolean parentOpensFirst() {
        return false;
    }

    /**
     * Fills the template for both directions, at the default capacity
     * ({@link BenchOptions#DEFAULT_CAPACITY}).
     *
     * @param tag a name unique to this use, for {@code {tag}}
     * @param dir a directory of this use's own, for {@code {dir}}
     * @return the URIs of {@code a2b} (parent to child) and {@code b2a}
     * @throws IOException when no free port can be found
     */
    public List<String> resolve(String tag, Path dir) throws IOException {
        return resolve(tag, dir, BenchOptions.DEFAULT_CAPACITY);
    }

    /**
     * Fills the template for both directions.
     *
     * @param tag      a name unique to this use, for {@code {tag}}
     * @param dir      a directory of this use's own, for {@code {dir}}
     * @param capacity ring bytes, for {@code {capacity}}
     * @return the URIs of {@code a2b} (parent to child) and {@code b2a}
     * @throws IOException when no free port can be found
     */
    public List<String> resolve(String tag, Path dir, int capacity) throws IOException {
        return List.of(resolve(tag, dir, capacity, "a2b"), resolve(tag, dir, capacity, "b2a"));
    }

    /** @return "ring data bytes" when the template has {@code {capacity}}, else null */
    @Override
    public String capacityUse() {
        return template.contains("{capacity}") ? "ring data bytes" : null;
    }

    private String resolve(String tag, Path dir, int capacity, String channel) throws IOException {
        String uri = template.replace("{channel}", channel).replace("{tag}", tag).replace("{dir}", dir.toString())
                .replace("{capacity}", Integer.toString(capacity));
        if (uri.contains("{key}")) {
            uri = uri.replace("{key}", Integer.toHexString(1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - 1)));
        }
        if (uri.contains("{port}")) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                uri = uri.replace("{port}", Integer.toString(probe.getLocalPort()));
            }
        }
        return uri;
    }

    @Override
    public void prepare(CaseSpec spec) throws IOException {
        Files.write(spec.workDir().resolve(URIS_FILE), resolve(spec.tag(), spec.workDir(), spec.capacity()),
                StandardCharsets.UTF_8);
    }

    static List<String> uris(CaseSpec spec) throws IOException {
        List<String> lines = Files.readAllLines(spec.workDir().resolve(URIS_FILE), StandardCharsets.UTF_8);
        if (lines.size() != 2) {
            throw new IOException(spec.workDir().resolve(URIS_FILE) + " holds " + lines.size() + " lines, expected 2");
        }
        return lines;
    }

    @Override
    public Endpoint open(CaseContext context) throws Exception {
        List<String> uris = uris(context.spec());
        boolean parent = context.side() == Side.PARENT;
        Publisher publisher = null;
        Subscriber subscriber = null;
        try {
            if (parent) {
                publisher = openRetrying(() -> Channels.publisher(uris.get(0)));
                subscriber = openRetrying(() -> Channels.subscriber(uris.get(1)));
            } else {
                subscriber = openRetrying(() -> Channels.subscriber(uris.get(0)));
                publisher = openRetrying(() -> Channels.publisher(uris.get(1)));
            }
            return new ChannelEndpoint(name, publisher, subscriber, context.spec().size(), !mode.equals("busy-spin"));
        } catch (Exception | Error e) {
            if (publisher != null) {
                publisher.close();
            }
            if (subscriber != null) {
                subscriber.close();
            }
            throw e;
        }
    }

    /**
     * Opens a publisher or subscriber, retrying while the peer is not there yet: a
     * {@link ChannelException} is retried for 20 s; an {@link IllegalArgumentException} or
     * {@link UnsupportedOperationException} (unknown scheme, rejected kind) means the transport
     * is not available.
     *
     * @param open opens the channel end
     * @param <T>  publisher or subscriber
     * @return what {@code open} returned
     * @throws TransportUnavailableException with the factory's message when not available
     * @throws InterruptedException          if interrupted between attempts
     */
    public static <T> T openRetrying(Supplier<T> open) throws TransportUnavailableException, InterruptedException {
        long deadline = System.nanoTime() + OPEN_RETRY_NANOS;
        while (true) {
            try {
                return open.get();
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new TransportUnavailableException(e.getMessage());
            } catch (ChannelException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    @Override
    public void removeLeftovers(CaseSpec spec) {
        try {
            removeLeftovers(uris(spec));
        } catch (IOException e) {
            // no URIs were written: the case never got as far as creating anything
        }
    }

    /**
     * Removes what channels of these URIs leave outside their directory: ring files in the
     * default region directory, POSIX queues (through {@code /dev/mqueue}) and System V queues
     * (through {@code ipcrm}). FIFOs and sockets live in the directory {@code {dir}} named.
     * Never throws; says on stderr what it could not remove.
     *
     * @param uris resolved URIs
     */
    public static void removeLeftovers(List<String> uris) {
        for (String uri : uris) {
            ChannelUri parsed = ChannelUri.parse(uri);
            String target = parsed.target();
            try {
                switch (parsed.scheme()) {
                    case "shm" -> SharedRegion.delete(SharedRegion.pathOf(target.startsWith("/") ? target.substring(1) : target));
                    case "mq" -> PosixMessageQueue.unlink(target);
                    case "sysvmq" -> SysVMessageQueue.remove(Integer.decode(target));
                    default -> {
                        // fifo and unix live in the directory {dir} named, which its owner deletes
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("ipcring: could not remove " + uri + ": " + e);
            }
        }
    }
}
