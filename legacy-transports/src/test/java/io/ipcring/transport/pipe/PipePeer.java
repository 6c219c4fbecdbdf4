package io.ipcring.transport.pipe;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.Descriptors;
import io.ipcring.transport.Frames;
import io.ipcring.transport.StreamChannel;
import io.ipcring.transport.TestTraffic;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The child of {@link PipeProcessTest}, talking over its stdin/stdout. Modes (first argument):
 * <ul>
 *   <li>{@code roundtrip N}: receives N sequenced messages and checks them, sends N back, waits
 *       for end of stdin;</li>
 *   <li>{@code echo}: sends every message back until stdin ends;</li>
 *   <li>{@code hostile NAME}: writes the raw bytes of {@link Frames.Hostile} NAME to stdout and
 *       exits (a truncated frame) or waits for stdin to end;</li>
 *   <li>{@code expect-malformed}: reads stdin through {@code Channels.subscriber("pipe:stdio")}
 *       and exits with {@value #MALFORMED} on a malformed frame, {@value #CLOSED} on end of
 *       stream;</li>
 *   <li>{@code stdio-flags}: opens {@code pipe:stdio}, sends one message of two bytes (1 when
 *       its stdin, then its stdout, is non-blocking, else 0), waits for end of stdin;</li>
 *   <li>{@code die}: exits at once without closing anything.</li>
 * </ul>
 * Failures are printed to stderr with exit code 1.
 */
public final class PipePeer {
    static final int MALFORMED = 3;
    static final int CLOSED = 4;
    static final int TIMEOUT = 5;

    private PipePeer() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "roundtrip":
                try (StreamChannel pipe = StdioPipe.open()) {
                    long count = Long.parseLong(args[1]);
                    TestTraffic.receive(pipe, count);
                    TestTraffic.send(pipe, count, 77, false);
                    awaitEnd(pipe);
                }
                break;
            case "echo":
                try (StreamChannel pipe = StdioPipe.open()) {
                    echo(pipe);
                }
                break;
            case "hostile":
                Frames.Hostile hostile = Frames.Hostile.valueOf(args[1]);
                FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
                stdout.write(hostile.bytes());
                stdout.flush();
                if (!hostile.truncated()) {
                    while (System.in.read() >= 0) {
                        // hold stdout open until the parent closes stdin
                    }
                }
                break;
            case "expect-malformed":
                try (Subscriber in = Channels.subscriber("pipe:stdio")) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestTraffic.TIMEOUT_SECONDS);
                    while (System.nanoTime() < deadline) {
                        in.poll((t, b, o, l) -> { }, 10, 100, TimeUnit.MILLISECONDS);
                    }
                    System.exit(TIMEOUT);
                } catch (MalformedFrameException e) {
                    System.err.println(e.getMessage());
                    System.exit(MALFORMED);
                } catch (ChannelClosedException e) {
                    System.err.println(e.getMessage());
                    System.exit(CLOSED);
                }
                break;
            case "stdio-flags":
                try (StreamChannel pipe = StdioPipe.open()) {
                    byte[] flags = {flag(Descriptors.isNonBlocking(0)), flag(Descriptors.isNonBlocking(1))};
                    if (!pipe.offer(ByteBuffer.wrap(flags), 0, flags.length, 1, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IOException("the parent took no message");
                    }
                    awaitEnd(pipe);
                }
                break;
            case "die":
                Runtime.getRuntime().halt(9);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static byte flag(boolean set) {
        return (byte) (set ? 1 : 0);
    }

    private static void echo(StreamChannel pipe) throws InterruptedException {
        Publisher out = pipe;
        try {
            while (true) {
                pipe.poll((type, buffer, offset, length) -> {
                    try {
                        if (!out.offer(buffer, offset, length, type, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("echo not accepted");
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, 64, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ChannelClosedException e) {
            // the parent closed our stdin: done
        }
    }

    private static void awaitEnd(StreamChannel pipe) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestTraffic.TIMEOUT_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                pipe.poll((t, b, o, l) -> {
                    throw new IllegalStateException("unexpected message after the traffic");
                }, 1, 100, TimeUnit.MILLISECONDS);
            }
            throw new IOException("stdin did not end within " + TestTraffic.TIMEOUT_SECONDS + " s");
        } catch (ChannelClosedException expected) {
            // end of stdin
        }
    }
}
