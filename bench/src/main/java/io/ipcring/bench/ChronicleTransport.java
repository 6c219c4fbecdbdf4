package io.ipcring.bench;

import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;

/**
 * {@code chronicle-queue}: two Chronicle Queues in the case's {@code /dev/shm} directory, one per
 * direction, each with an appender in one process and a tailer in the other. Messages are written
 * and read in place through {@link DocumentContext} (Chronicle's zero-copy path); the echo writes
 * straight from the document being read. The queue files go with the case's directory.
 *
 * <p>Chronicle on Java 17 needs the {@code --add-opens}/{@code --add-exports} list of
 * {@link #FLAGS} (the set Chronicle documents for Java 17; three of them are strictly needed by
 * this path, the rest by code paths Chronicle may take elsewhere) and runs with its usage
 * analytics and disk-space monitor switched off.
 */
final class ChronicleTransport implements Transport {
    static final String NAME = "chronicle-queue";
    /** JVM flags for Chronicle Queue 5.27 on Java 17, passed to both processes of its cases. */
    static final List<String> FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.disk.monitor.disable=true");

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
        return FLAGS;
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
    public Endpoint open(CaseContext context) {
        ChronicleQueue toChild = SingleChronicleQueueBuilder.binary(context.file("cq-a2b").toFile()).build();
        ChronicleQueue toParent;
        try {
            toParent = SingleChronicleQueueBuilder.binary(context.file("cq-b2a").toFile()).build();
        } catch (RuntimeException e) {
            toChild.close();
            throw e;
        }
        boolean parent = context.side() == Side.PARENT;
        return parent ? new ChronicleEndpoint(toChild, toParent, context.spec().size())
                : new ChronicleEndpoint(toParent, toChild, context.spec().size());
    }

    /** Both sides' loops; {@code outQueue} is written by this side, {@code inQueue} read. */
    private static final class ChronicleEndpoint extends Endpoint {
        private final ChronicleQueue outQueue;
        private final ChronicleQueue inQueue;
        private final ExcerptAppender out;
        private final ExcerptTailer in;
        private final int size;
        private final Bytes<?> payload;

        ChronicleEndpoint(ChronicleQueue outQueue, ChronicleQueue inQueue, int size) {
            this.outQueue = outQueue;
            this.inQueue = inQueue;
            this.out = outQueue.createAppender();
            this.in = inQueue.createTailer();
            this.size = size;
            this.payload = Bytes.allocateDirect(size);
            this.payload.writeSkip(size);
        }

        private void write(long seq) {
            payload.writeLong(0, seq);
            try (DocumentContext dc = out.writingDocument()) {
                dc.wire().bytes().write(payload, 0L, (long) size);
            }
        }

        /** @return the sequence read, or -1 when no message was there */
        private long read() {
            try (DocumentContext dc = in.readingDocument()) {
                if (!dc.isPresent()) {
                    return -1;
                }
                Bytes<?> bytes = dc.wire().bytes();
                return bytes.readLong(bytes.readPosition());
            }
        }

        @Override
        public void pingPong(long firstSequence, int count, Histogram histogram) {
            long highest = histogram.getHighestTrackableValue();
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                long start = System.nanoTime();
                write(seq);
                long got;
                while ((got = read()) < 0) {
                    Thread.onSpinWait();
                }
                if (got != seq) {
                    throw outOfSequence(NAME, seq, got);
                }
                histogram.recordValue(Math.min(System.nanoTime() - start, highest));
            }
        }

        @Override
        public void echo(int count) {
            int remaining = count;
            while (remaining > 0) {
                try (DocumentContext dc = in.readingDocument()) {
                    if (!dc.isPresent()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    try (DocumentContext w = out.writingDocument()) {
                        w.wire().bytes().write(bytes, bytes.readPosition(), bytes.readRemaining());
                    }
                    remaining--;
                }
            }
        }

        @Override
        public void send(long firstSequence, long count) {
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
                write(seq);
            }
        }

        @Override
        public long receive(long count) {
            long got;
            while ((got = read()) < 0) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            if (got != 0) {
                throw outOfSequence(NAME, 0, got);
            }
            for (long seq = 1; seq < count; seq++) {
                while ((got = read()) < 0) {
                    Thread.onSpinWait();
                }
                if (got != seq) {
                    throw outOfSequence(NAME, seq, got);
                }
            }
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            payload.releaseLast();
            out.close();
            in.close();
            outQueue.close();
            inQueue.close();
        }
    }
}
