package io.ipcring.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@code aeron-ipc}: Aeron's {@code aeron:ipc} channel, one exclusive publication and one
 * subscription per direction, with an embedded media driver in the parent process. The driver
 * runs in {@link ThreadingMode#SHARED} with a 1 ms sleeping idle strategy so that its one thread
 * barely competes with the measured thread on the parent's single pinned core; for IPC the data
 * path does not go through the driver (both clients map the same log buffers), the driver only
 * moves the publication limit. Terms are four times the case's capacity ({@link #termLength}).
 * Messages larger than a
 * frame are reassembled with a {@link FragmentAssembler}.
 *
 * <p>Needs the same flag as Agrona 2.x ({@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}).
 */
final class AeronTransport implements Transport {
    static final String NAME = "aeron-ipc";
    /** The channel; {@code %d} is the term length in bytes ({@link #termLength}). */
    private static final String CHANNEL = "aeron:ipc?term-length=%d";
    /** Term length per byte of the case's ring capacity. */
    static final int TERM_PER_CAPACITY = 4;
    private static final int TO_CHILD_STREAM = 1001;
    private static final int TO_PARENT_STREAM = 1002;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mode() {
        return "busy-spin";
    }

    @Override
    public Speed speed() {
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return AgronaTransport.FLAGS;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public String capacityUse() {
        return "term length = " + TERM_PER_CAPACITY + " x capacity";
    }

    /**
     * Terms of four times the rings' capacity (4 MiB at the default 1 MiB) instead of the 64 MiB
     * IPC default: with the default, a short run spends most of a 64 KiB round trip (~0.4 ms
     * against ~15 us here) touching fresh log-buffer memory. An exclusive publication keeps a
     * half term ahead of its subscriber at most, so four times keeps its window above a ring's.
     *
     * @param capacity the case's ring capacity, a power of two in
     *                 [{@link BenchOptions#MIN_CAPACITY}, {@link BenchOptions#MAX_CAPACITY}]
     * @return the term length in bytes, a power of two of at least Aeron's 64 KiB
     */
    static int termLength(int capacity) {
        return TERM_PER_CAPACITY * capacity;
    }

    @Override
    public boolean parentOpensFirst() {
        return true;
    }

    @Override
    public Endpoint open(CaseContext context) {
        String dir = context.file("aeron").toString();
        MediaDriver driver = null;
        Aeron aeron = null;
        try {
            if (context.side() == Side.PARENT) {
                driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                        .aeronDirectoryName(dir)
                        .dirDeleteOnStart(true)
                        .dirDeleteOnShutdown(true)
                        .threadingMode(ThreadingMode.SHARED)
                        .sharedIdleStrategy(new SleepingMillisIdleStrategy(1)));
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            boolean parent = context.side() == Side.PARENT;
            String channel = String.format(Locale.ROOT, CHANNEL, termLength(context.spec().capacity()));
            ExclusivePublication out = aeron.addExclusivePublication(channel, parent ? TO_CHILD_STREAM : TO_PARENT_STREAM);
            Subscription in = aeron.addSubscription(channel, parent ? TO_PARENT_STREAM : TO_CHILD_STREAM);
            return new AeronEndpoint(driver, aeron, out, in, context.spec().size());
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(aeron, driver);
            throw e;
        }
    }

    /** Both sides' loops. */
    private static final class AeronEndpoint extends Endpoint {
        private final MediaDriver driver;
        private final Aeron aeron;
        private final ExclusivePublication out;
        private final Subscription in;
        private final int size;
        private final UnsafeBuffer payload;
        private final Receiver receiver = new Receiver();
        private final Echoer echoer = new Echoer();
        private final FragmentHandler receiving;
        private final FragmentHandler echoing;

        AeronEndpoint(MediaDriver driver, Aeron aeron, ExclusivePublication out, Subscription in, int size) {
            this.driver = driver;
            this.aeron = aeron;
            this.out = out;
            this.in = in;
            this.size = size;
            this.payload = new UnsafeBuffer(new byte[size]);
            boolean fragmented = size > out.maxPayloadLength();
            this.receiving = fragmented ? new FragmentAssembler(receiver) : receiver;
            this.echoing = fragmented ? new FragmentAssembler(echoer) : echoer;
        }

        private void offer(DirectBuffer buffer, int offset, int length) {
            long result;
            while ((result = out.offer(buffer, offset, length)) < 0) {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException(NAME + ": publication refused the message: " + Publication.errorString(result));
                }
                Thread.onSpinWait();
            }
        }

        @Override
        public void pingPong(long firstSequence, int count, Histogram histogram) {
            long highest = histogram.getHighestTrackableValue();
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                long start = System.nanoTime();
                payload.putLong(0, seq);
                offer(payload, 0, size);
                receiver.expected = seq;
                while (receiver.expected == seq) {
                    if (in.poll(receiving, 1) == 0) {
                        Thread.onSpinWait();
                    }
                }
                histogram.recordValue(Math.min(System.nanoTime() - start, highest));
            }
        }

        @Override
        public void echo(int count) {
            echoer.remaining = count;
            while (echoer.remaining > 0) {
                if (in.poll(echoing, 1) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void send(long firstSequence, long count) {
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                payload.putLong(0, seq);
                offer(payload, 0, size);
            }
        }

        @Override
        public long receive(long count) {
            receiver.expected = 0;
            while (in.poll(receiving, batch(count, receiver.expected)) == 0) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            while (receiver.expected < count) {
                if (in.poll(receiving, batch(count, receiver.expected)) == 0) {
                    Thread.onSpinWait();
                }
            }
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            CloseHelper.quietCloseAll(out, in, aeron, driver);
        }

        /** Checks each message's sequence in place. */
        private final class Receiver implements FragmentHandler {
            long expected;

            @Override
            public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
                long got = buffer.getLong(offset);
                if (got != expected) {
                    throw outOfSequence(NAME, expected, got);
                }
                expected++;
            }
        }

        /** Offers each message straight back. */
        private final class Echoer implements FragmentHandler {
            int remaining;

            @Override
            public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
                offer(buffer, offset, length);
                remaining--;
            }
        }
    }
}
