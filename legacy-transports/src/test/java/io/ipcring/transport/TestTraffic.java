package io.ipcring.transport;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.SequencedMessages;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The traffic of the multi-process tests: {@link #count()} sequenced messages (sequence + CRC32C,
 * {@link SequencedMessages}) of random sizes, mostly up to 2 KiB and one in 500 up to 200 KiB
 * (beyond {@link FrameWriter#STAGING_PAYLOAD}, so the large-frame paths run too), each capped by
 * the channel's maximum. The count is the system property {@value #COUNT_PROPERTY} (default
 * 100,000, the figure).
 */
public final class TestTraffic {
    /** System property: messages per multi-process test. */
    public static final String COUNT_PROPERTY = "ipcring.test.messages";
    /** Every message's wait for room or data is bounded by this. */
    public static final long TIMEOUT_SECONDS = 30;

    private static final int SMALL = 2048;
    private static final int LARGE = 200 * 1024;
    private static final int LARGE_EVERY = 500;

    private TestTraffic() {
    }

    /** @return messages per test */
    public static int count() {
        return Integer.getInteger(COUNT_PROPERTY, 100_000);
    }

    /**
     * @param sequence the message's sequence number
     * @return its type: positive, varying, so a mixed-up type is noticed
     */
    public static int type(long sequence) {
        return 1 + (int) (sequence % 7);
    }

    /**
     * Sends {@code count} messages, waiting for room as needed.
     *
     * @param out    the channel
     * @param count  how many
     * @param seed   the seed of sizes and contents
     * @param direct whether the payloads come from a direct buffer (else a heap buffer)
     * @throws InterruptedException if interrupted
     */
    public static void send(Publisher out, long count, long seed, boolean direct) throws InterruptedException {
        SequencedMessages messages = new SequencedMessages(seed);
        int max = Math.min(out.maxMessageLength(), LARGE);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(max) : ByteBuffer.allocate(max);
        for (long seq = 0; seq < count; seq++) {
            int length = messages.nextLength(seq % LARGE_EVERY == LARGE_EVERY - 1 ? max : Math.min(max, SMALL));
            messages.write(buffer, 0, length, seq);
            if (!out.offer(buffer, 0, length, type(seq), TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(out.uri() + ": message " + seq + " not accepted within " + TIMEOUT_SECONDS + " s");
            }
        }
    }

    /**
     * Receives {@code count} messages and checks each one's order, type and checksum.
     *
     * @param in    the channel
     * @param count how many
     * @throws InterruptedException if interrupted
     */
    public static void receive(Subscriber in, long count) throws InterruptedException {
        Verifier verifier = new Verifier();
        while (verifier.received() < count) {
            if (in.poll(verifier, 256, TIMEOUT_SECONDS, TimeUnit.SECONDS) == 0) {
                throw new AssertionError(in.uri() + ": nothing arrived within " + TIMEOUT_SECONDS + " s after message "
                        + verifier.received());
            }
        }
        if (verifier.received() != count) {
            throw new AssertionError(in.uri() + ": " + verifier.received() + " messages arrived, " + count + " sent");
        }
    }

    /** Checks that sequenced messages arrive complete, uncorrupted and in order. */
    public static final class Verifier implements MessageHandler {
        private final SequencedMessages messages = new SequencedMessages(0);
        private long expected;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            long seq = messages.verify(buffer, offset, length);
            if (seq != expected) {
                throw new AssertionError("message " + seq + " arrived where " + expected + " was expected");
            }
            if (type != type(seq)) {
                throw new AssertionError("message " + seq + " has type " + type + ", expected " + type(seq));
            }
            expected++;
        }

        /** @return how many arrived so far */
        public long received() {
            return expected;
        }
    }
}
