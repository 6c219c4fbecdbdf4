package io.ipcring.bench;

import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalHandler;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code journal} and {@code journal-blocking}: ipcring's persisted {@link Journal}, measured the
 * way {@code chronicle-queue} is. Two journal directories in the case's directory, one per
 * direction ({@value #A2B}, {@value #B2A}); each side appends to its own with a
 * {@link JournalAppender} (zero copy: {@code tryClaim}, the payload copied into the segment,
 * {@code commit}) and reads the other's with an unnamed {@link JournalReader} from the end, in
 * place. The echo copies straight from the record being read into its own claim.
 *
 * <p>{@code --capacity} is the segment size ({@link JournalOptions#rollBytes(int)}), raised to
 * the journal's smallest, {@link JournalOptions#MIN_ROLL_BYTES}: a journal keeps every message,
 * so a case's streams roll through many segments (each created, its space reserved, before it is
 * needed), and the capacity sets how often. Like Chronicle's queue files, the segments of a case
 * stay until the case ends (one-way streams of {@code N} messages of {@code size} bytes take
 * {@code N x (size + 24)} bytes, rounded to 8, in the work directory, {@code /dev/shm} by default);
 * {@link #removeLeftovers} deletes both directories.
 *
 * <p>Waiting: {@code journal} calls the non-blocking {@code poll} and spins; {@code journal-blocking}
 * calls the timed {@code poll}, which sleeps on the journal's futex signal (spin for the spin
 * budget, then sleep; the appender's commit makes no system call while no reader sleeps). An
 * append never waits, in either mode. No JVM flag.
 */
final class JournalTransport implements Transport {
    /** The journal the parent appends to and the child reads. */
    static final String A2B = "journal-a2b";
    /** The journal the child appends to and the parent reads. */
    static final String B2A = "journal-b2a";
    private static final int MESSAGE_TYPE = 1;

    private final String name;
    private final String mode;

    /**
     * @param name     the transport's name
     * @param blocking true for timed polls that sleep, false for busy-spin
     */
    JournalTransport(String name, boolean blocking) {
        this.name = name;
        this.mode = blocking ? "blocking" : "busy-spin";
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
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean parentOpensFirst() {
        return true;
    }

    @Override
    public String capacityUse() {
        return "journal segment bytes (at least " + JournalOptions.MIN_ROLL_BYTES + ")";
    }

    /**
     * @param capacity the case's capacity
     * @return the segment size a case at that capacity uses: the capacity, at least the journal's smallest
     */
    static int segmentBytes(int capacity) {
        return Math.max(capacity, JournalOptions.MIN_ROLL_BYTES);
    }

    /**
     * @param spec the case
     * @return both sides' journal options: the case's segment size and message size
     */
    JournalOptions options(CaseSpec spec) {
        return JournalOptions.defaults().rollBytes(segmentBytes(spec.capacity())).maxMessageLength(spec.size())
                .waitStrategy(mode.equals("blocking") ? WaitStrategy.BLOCKING : WaitStrategy.BUSY_SPIN);
    }

    @Override
    public Endpoint open(CaseContext context) {
        boolean parent = context.side() == Side.PARENT;
        JournalOptions options = options(context.spec());
        Journal out = Journal.open(context.file(parent ? A2B : B2A), options);
        Journal in = null;
        JournalAppender appender = null;
        try {
            in = Journal.open(context.file(parent ? B2A : A2B), options);
            appender = out.appender();
            JournalReader reader = in.reader(JournalStart.end());
            return new JournalEndpoint(name, out, in, appender, reader, context.spec().size(), mode.equals("blocking"));
        } catch (RuntimeException e) {
            if (in != null) {
                in.close();
            }
            out.close();
            throw e;
        }
    }

    @Override
    public void removeLeftovers(CaseSpec spec) {
        for (String directory : List.of(A2B, B2A)) {
            BenchRunner.deleteTree(spec.workDir().resolve(directory));
        }
    }

    /** Both sides' loops; {@code out} is this side's journal, {@code in} the other's. */
    static final class JournalEndpoint extends Endpoint {
        private final String name;
        private final Journal outJournal;
        private final Journal inJournal;
        private final JournalAppender out;
        private final JournalReader in;
        private final int size;
        private final boolean blocking;
        private final ByteBuffer payload;
        private final Receiver receiver = new Receiver();
        private final Echoer echoer = new Echoer();

        JournalEndpoint(String name, Journal outJournal, Journal inJournal, JournalAppender out, JournalReader in, int size,
                        boolean blocking) {
            this.name = name;
            this.outJournal = outJournal;
            this.inJournal = inJournal;
            this.out = out;
            this.in = in;
            this.size = size;
            this.blocking = blocking;
            this.payload = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Appends {@code length} bytes of {@code source} from {@code offset}: claim, copy in place, commit. */
        private void append(ByteBuffer source, int offset, int length) {
            int index = out.tryClaim(length, MESSAGE_TYPE);
            out.buffer().put(index, source, offset, length);
            out.commit(index);
        }

        private int poll(JournalHandler handler, int limit) {
            if (!blocking) {
                return in.poll(handler, limit);
            }
            try {
                return in.poll(handler, limit, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": interrupted while receiving", e);
            }
        }

        @Override
        public void pingPong(long firstSequence, int count, Histogram histogram) {
            long highest = histogram.getHighestTrackableValue();
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                long start = System.nanoTime();
                payload.putLong(0, seq);
                append(payload, 0, size);
                receiver.expected = seq;
                while (poll(receiver, 1) == 0) {
                    Thread.onSpinWait();
                }
                histogram.recordValue(Math.min(System.nanoTime() - start, highest));
            }
        }

        @Override
        public void echo(int count) {
            echoer.remaining = count;
            while (echoer.remaining > 0) {
                if (poll(echoer, 1) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void send(long firstSequence, long count) {
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                payload.putLong(0, seq);
                append(payload, 0, size);
            }
        }

        @Override
        public long receive(long count) {
            receiver.expected = 0;
            while (poll(receiver, batch(count, receiver.expected)) == 0) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            while (receiver.expected < count) {
                if (poll(receiver, batch(count, receiver.expected)) == 0) {
                    Thread.onSpinWait();
                }
            }
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            try {
                outJournal.close();
            } finally {
                inJournal.close();
            }
        }

        /** Checks each record's sequence in place (the segment's view is little-endian). */
        private final class Receiver implements JournalHandler {
            long expected;

            @Override
            public void onRecord(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length) {
                long got = buffer.getLong(offset);
                if (got != expected) {
                    throw outOfSequence(name, expected, got);
                }
                expected++;
            }
        }

        /** Appends each record straight back, copied from the other's segment into this side's claim. */
        private final class Echoer implements JournalHandler {
            int remaining;

            @Override
            public void onRecord(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length) {
                append(buffer, offset, length);
                remaining--;
            }
        }
    }
}
