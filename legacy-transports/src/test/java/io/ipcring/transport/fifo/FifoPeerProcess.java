package io.ipcring.transport.fifo;

import io.ipcring.channel.MessageFrame;
import io.ipcring.transport.TestTraffic;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The other process of {@link FifoServerTest}. Modes (first argument, then the FIFO path):
 * <ul>
 *   <li>{@code send PATH N SEED}: connects with replies, sends N sequenced messages, then waits
 *       for the server's reply carrying N; exit 0 when it comes;</li>
 *   <li>{@code die PATH}: connects with replies, sends one message, and halts without closing;</li>
 *   <li>{@code echo-server PATH}: serves the FIFO, echoing every request to its sender, until a
 *       request of type {@value #STOP_TYPE}; then closes (removing the FIFO).</li>
 * </ul>
 */
public final class FifoPeerProcess {
    static final int STOP_TYPE = 99;
    static final int DONE_TYPE = 1;

    private FifoPeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String uri = "fifo:" + args[1];
        switch (args[0]) {
            case "send":
                try (FifoClient client = FifoClient.connect(uri + "?replies=true")) {
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
                FifoClient client = FifoClient.connect(uri + "?replies=true");
                client.offer(new byte[8], 0, 8, 1);
                System.out.println("sent");
                Runtime.getRuntime().halt(9);
                break;
            case "echo-server":
                try (FifoServer server = FifoServer.open(uri)) {
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

    static ByteBuffer count(long n) {
        return ByteBuffer.allocate(8).order(MessageFrame.BYTE_ORDER).putLong(0, n);
    }
}
