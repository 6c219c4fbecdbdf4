package io.ipcring.bench.jmh;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalHandler;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay: reading a closed journal from its first record, ipcring's {@link Journal} beside
 * Chronicle Queue's tailer (the bench's cross-process harness measures live streams, so replay is
 * measured here). The trial's setup writes {@code records} messages of {@code size} bytes (10 M
 * of 32 by default; {@code -p records=1000000} for a quick run), each with its sequence in its
 * first 8 bytes, with the same zero-copy paths as the bench's {@code journal} and
 * {@code chronicle-queue} cases, and closes the writer; the journal is then opened read-only,
 * the queue re-opened, and one reader or tailer positioned at the start. Each invocation reads
 * {@value #BATCH} records in place, checking each sequence, and goes back to the first record when
 * it reaches the end; throughput is in operations per microsecond, that is M msgs/s. The files
 * live in {@code /dev/shm} (about 56 and 40 bytes per 32-byte record; 10 M records take some
 * 560 MB and 400 MB) and are deleted in the {@code @TearDown}.
 *
 * <p>Flags: the journal's fork has none (ipcring needs none; on Java 22+ the CLI's {@code --jmh}
 * adds {@code --enable-native-access=ALL-UNNAMED}); Chronicle's fork has the bench's Chronicle
 * flags ({@code chronicle-queue}'s {@code jvmFlags()}), repeated in its {@code @Fork} because an
 * annotation takes only constants.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JournalReplayBenchmark {
    /** Records read per invocation. */
    static final int BATCH = 1024;
    private static final int TYPE = 1;

    /** A closed journal of {@code records} messages, opened read-only, and a reader at its start. */
    @State(Scope.Thread)
    public static class JournalState {
        /** Records written before the measurement. */
        @Param({"10000000"})
        public int records;

        /** Payload bytes (at least 8: the sequence). */
        @Param({"32"})
        public int size;

        Path dir;
        Journal journal;
        JournalReader reader;
        final SequenceCheck check = new SequenceCheck();

        /** Writes the journal with one appender, closes it, re-opens it read-only. */
        @Setup(Level.Trial)
        public void setup() {
            dir = directory("journal");
            try (Journal writer = Journal.open(dir, JournalOptions.defaults().maxMessageLength(Math.max(size, 8)))) {
                JournalAppender appender = writer.appender();
                for (long seq = 0; seq < records; seq++) {
                    int index = appender.tryClaim(size, TYPE);
                    ByteBuffer buffer = appender.buffer();
                    buffer.putLong(index, seq);
                    appender.commit(index);
                }
            }
            journal = Journal.openReadOnly(dir);
            reader = journal.reader(JournalStart.first());
        }

        /** Back to the first record. */
        void rewind() {
            reader.close();
            reader = journal.reader(JournalStart.first());
            check.expected = 0;
        }

        /** Closes the journal and deletes its directory. */
        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                if (journal != null) {
                    journal.close();
                }
            } finally {
                deleteTree(dir);
            }
        }
    }

    /** A closed Chronicle Queue of {@code records} messages, re-opened, and a tailer at its start. */
    @State(Scope.Thread)
    public static class ChronicleState {
        /** Records written before the measurement. */
        @Param({"10000000"})
        public int records;

        /** Payload bytes (at least 8: the sequence). */
        @Param({"32"})
        public int size;

        Path dir;
        ChronicleQueue queue;
        ExcerptTailer tailer;
        long expected;

        /** Writes the queue with one appender, closes it, re-opens it with a tailer at the start. */
        @Setup(Level.Trial)
        public void setup() {
            dir = directory("chronicle");
            Bytes<?> payload = Bytes.allocateDirect(size);
            payload.writeSkip(size);
            try (ChronicleQueue writer = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
                 ExcerptAppender appender = writer.createAppender()) {
                for (long seq = 0; seq < records; seq++) {
                    payload.writeLong(0, seq);
                    try (DocumentContext dc = appender.writingDocument()) {
                        dc.wire().bytes().write(payload, 0L, (long) size);
                    }
                }
            } finally {
                payload.releaseLast();
            }
            queue = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
            tailer = queue.createTailer();
        }

        /** Closes the queue and deletes its directory. */
        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                if (tailer != null) {
                    tailer.close();
                }
                if (queue != null) {
                    queue.close();
                }
            } finally {
                deleteTree(dir);
            }
        }
    }

    /**
     * @param state the journal and its reader
     * @return the last sequence read
     */
    @Benchmark
    @Fork(1)
    @OperationsPerInvocation(BATCH)
    public long journal(JournalState state) {
        int read = 0;
        while (read < BATCH) {
            int n = state.reader.poll(state.check, BATCH - read);
            if (n == 0) {
                state.rewind();
            }
            read += n;
        }
        return state.check.expected - 1;
    }

    /**
     * @param state the queue and its tailer
     * @return the last sequence read
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {
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
        "-Dchronicle.disk.monitor.disable=true"})
    @OperationsPerInvocation(BATCH)
    public long chronicle(ChronicleState state) {
        ExcerptTailer tailer = state.tailer;
        for (int read = 0; read < BATCH; ) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    tailer.toStart();
                    state.expected = 0;
                    continue;
                }
                Bytes<?> bytes = dc.wire().bytes();
                long got = bytes.readLong(bytes.readPosition());
                if (got != state.expected) {
                    throw new IllegalStateException("chronicle replay: sequence " + got + ", expected " + state.expected);
                }
                state.expected++;
                read++;
            }
        }
        return state.expected - 1;
    }

    /** Checks each record's sequence in place (the segment's view is little-endian). */
    static final class SequenceCheck implements JournalHandler {
        long expected;

        @Override
        public void onRecord(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length) {
            long got = buffer.getLong(offset);
            if (got != expected) {
                throw new IllegalStateException("journal replay: sequence " + got + ", expected " + expected);
            }
            expected++;
        }
    }

    private static Path directory(String what) {
        return Paths.get("/dev/shm", "ipcring-jmh-replay-" + what + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
