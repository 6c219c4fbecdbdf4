package io.ipcring.transport.socket;

import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.TestTraffic;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The other process of {@link SocketServerTest}. Modes (first argument, then the URI):
 * <ul>
 *   <li>{@code send URI N SEED}: connects, sends N sequenced messages, then waits for the
 *       server's reply carrying N; exit 0 when it comes;</li>
 *   <li>{@code die URI}: connects, sends one message, and halts without closing;</li>
 *   <li>{@code echo-server URI}: serves the URI (printing {@code port=P} for TCP), echoing every
 *       message to its sender, until a message of type {@value #STOP_TYPE}; then closes.</li>
 * </ul>
 */
public final class SocketPeerProcess {
    static final int STOP_TYPE = 99;
    static final int DONE_TYPE = 1;

    private SocketPeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[1];
        switch (args[0]) {
            case "send":
                try (SocketClient client = SocketClient.connect(uri)) {
                    long count = Long.parseLong(args[2]);
                    long seed = Long.parseLong(args[3]);
                    TestTraffic.send(client, count, seed, seed % 2 == 0);
                    long[] reply = {-1};
                    int n = client.poll((type, buffer, offset, length) -> {
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
                SocketClient client = SocketClient.connect(uri);
                client.offer(new byte[8], 0, 8, 1);
                Runtime.getRuntime().halt(9);
                break;
            case "echo-server":
                try (SocketServer server = SocketServer.open(uri)) {
                    if (server.localAddress() instanceof InetSocketAddress) {
                        System.out.println("port=" + ((InetSocketAddress) server.localAddress()).getPort());
                    } else {
                        System.out.println("port=0");
                    }
                    System.out.flush();
                    boolean[] stop = {false};
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * TestTraffic.TIMEOUT_SECONDS);
                    while (!stop[0] && System.nanoTime() < deadline) {
                        server.poll((connection, type, buffer, offset, length) -> {
                            if (type == STOP_TYPE) {
                                stop[0] = true;
                                return;
                            }
                            try {
                                connection.send(buffer, offset, length, type, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS);
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

    static ByteBuffer count(long n) {
        return ByteBuffer.allocate(8).order(MessageFrame.BYTE_ORDER).putLong(0, n);
    }
}
