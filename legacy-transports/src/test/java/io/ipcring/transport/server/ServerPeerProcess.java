package io.ipcring.transport.server;

import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.transport.TestTraffic;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The other process of the {@link MessageServerContract} tests, for every server kind. Modes
 * (first argument, then a URI):
 * <ul>
 *   <li>{@code send CLIENT_URI N SEED}: connects, sends N sequenced messages, then waits for the
 *       server's reply carrying N; exit 0 when it comes;</li>
 *   <li>{@code die CLIENT_URI}: connects, sends one message, and halts without closing;</li>
 *   <li>{@code echo-server SERVER_URI}: opens a {@link MessageServer}, prints
 *       {@code client=URI} (the URI clients connect with), echoes every message to its sender
 *       until a message of type {@value #STOP_TYPE}; then closes.</li>
 * </ul>
 */
public final class ServerPeerProcess {
    /** The type of the message that stops an echo server. */
    public static final int STOP_TYPE = 99;
    static final int DONE_TYPE = 1;
    /** What the echo server prints before the URI clients connect with. */
    static final String CLIENT_URI_LINE = "client=";

    private ServerPeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[1];
        switch (args[0]) {
            case "send":
                try (Publisher client = Channels.publisher(uri)) {
                    long count = Long.parseLong(args[2]);
                    long seed = Long.parseLong(args[3]);
                    TestTraffic.send(client, count, seed, seed % 2 == 0);
                    long[] reply = {-1};
                    int n = ((Subscriber) client).poll((type, buffer, offset, length) -> {
                        if (type == DONE_TYPE && length == 8) {
                            reply[0] = buffer.getLong(offset);
                        }
                    }, 1, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    if (n != 1 || reply[0] != count) {
                        System.err.println("expected a reply carrying " + count + ", got " + n + " message(s) carrying " + reply[0]);
                        System.exit(1);
                    }
                }
                break;
            case "die":
                Publisher client = Channels.publisher(uri);
                client.offer(new byte[8], 0, 8, 1);
                Runtime.getRuntime().halt(9);
                break;
            case "echo-server":
                try (MessageServer server = MessageServer.open(uri)) {
                    System.out.println(CLIENT_URI_LINE + server.clientUri());
                    System.out.flush();
                    boolean[] stop = {false};
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * TestTraffic.TIMEOUT_SECONDS);
                    while (!stop[0] && System.nanoTime() < deadline) {
                        server.poll((peer, type, buffer, offset, length) -> {
                            if (type == STOP_TYPE) {
                                stop[0] = true;
                                return;
                            }
                            try {
                                peer.send(buffer, offset, length, type, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }, 64, 100, TimeUnit.MILLISECONDS);
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** @return the client URI an echo server printed */
    public static String awaitClientUri(ChildJvm server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String output = server.output();
            int at = output.indexOf(CLIENT_URI_LINE);
            if (at >= 0 && output.indexOf('\n', at) > 0) {
                return output.substring(at + CLIENT_URI_LINE.length(), output.indexOf('\n', at)).trim();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the echo server did not start: " + output);
            }
            Thread.sleep(50);
        }
    }

    static ByteBuffer count(long n) {
        return ByteBuffer.allocate(8).order(MessageFrame.BYTE_ORDER).putLong(0, n);
    }
}
