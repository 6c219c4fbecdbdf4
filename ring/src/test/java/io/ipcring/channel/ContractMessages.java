package io.ipcring.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * The messages of {@link ChannelContract}: payloads and types derived from a sequence number, so
 * a receiver can tell a lost, repeated, reordered or damaged message; and a handler that copies
 * what it receives.
 */
public final class ContractMessages implements MessageHandler {
    /** Bounds every wait of the contract: generous, a test that needs it has failed anyway. */
    public static final long PATIENCE_SECONDS = 20;

    /** A received message. @param type its type @param payload a copy of its payload */
    public record Message(int type, byte[] payload) {
    }

    private final List<Message> received = new ArrayList<>();

    /**
     * @param sequence a message's sequence number
     * @return its type: positive and varying
     */
    public static int type(long sequence) {
        return 1 + (int) (sequence % 5);
    }

    /**
     * @param sequence a message's sequence number
     * @param length   its payload length
     * @return its payload: bytes that depend on both
     */
    public static byte[] payload(long sequence, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (sequence * 31 + i * 7 + (i >>> 8));
        }
        return bytes;
    }

    @Override
    public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        received.add(new Message(type, copy));
    }

    /** @return what arrived so far, in order */
    public List<Message> received() {
        return received;
    }

    /**
     * Polls until {@code count} messages in all have arrived.
     *
     * @param subscriber the channel
     * @param count      how many messages this handler should hold
     * @return this
     * @throws InterruptedException if interrupted
     * @throws AssertionError       when they do not arrive within {@link #PATIENCE_SECONDS}
     */
    public ContractMessages await(Subscriber subscriber, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(subscriber.uri() + ": " + received.size() + " of " + count
                        + " messages arrived within " + PATIENCE_SECONDS + " s");
            }
            subscriber.poll(this, count - received.size(), left, TimeUnit.NANOSECONDS);
        }
        if (received.size() != count) {
            throw new AssertionError(subscriber.uri() + ": " + received.size() + " messages arrived, expected " + count);
        }
        return this;
    }

    /**
     * Polls {@code count} messages on a thread of its own while the test thread sends.
     *
     * @param subscriber the channel
     * @param count      how many messages
     * @return what arrived, once all did
     */
    public static Future<List<Message>> receiveInBackground(Subscriber subscriber, int count) {
        FutureTask<List<Message>> task =
                new FutureTask<>(() -> new ContractMessages().await(subscriber, count).received());
        Thread receiver = new Thread(task, "contract-receiver");
        receiver.setDaemon(true);
        receiver.start();
        return task;
    }

    /**
     * Checks that {@code got} is messages {@code first .. first + count - 1} of {@link #type} and
     * {@link #payload}.
     *
     * @param got    what arrived
     * @param first  the first sequence number
     * @param count  how many
     * @param length each message's payload length by sequence number
     */
    public static void assertSequence(List<Message> got, int first, int count, IntUnaryOperator length) {
        assertEquals(count, got.size());
        for (int i = 0; i < count; i++) {
            int seq = first + i;
            assertEquals(type(seq), got.get(i).type(), "type of message " + seq);
            assertArrayEquals(payload(seq, length.applyAsInt(seq)), got.get(i).payload(),
                    "payload of message " + seq);
        }
    }
}
