package io.ipcring.stress.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three appender JVMs and two named reader JVMs on one journal with small segments: 1,000,000
 * messages, each its appender's number, its own sequence and a CRC-32C. Every reader must see
 * every message exactly once, each appender's in the order it appended them, across the rolls;
 * both readers see the one journal order (the same digest of journal sequence, appender and
 * sequence over all records); an unnamed reader replaying from the first record afterwards sees
 * that same order; and a named reader re-opened after its JVM exited gets nothing again.
 */
class JournalMultiProcessTest {
    private static final int APPENDERS = 3;
    private static final int READERS = 2;
    private static final int MESSAGES = 1_000_000;
    /** 16-byte payloads take 40-byte records: 40 MB in all, about ten 4 MiB segments. */
    private static final int PAYLOAD = 16;
    private static final int TYPE = 7;
    static final JournalOptions OPTIONS = JournalOptions.defaults().rollBytes(4 << 20).maxMessageLength(64);

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyReaderSeesEveryMessageOnceInTheJournalsOrderAcrossRollsAndAReplaySeesTheSame() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path dir = paths.next("journal-mp");
            List<ChildJvm> children = new ArrayList<>();
            try (Journal journal = Journal.open(dir, OPTIONS)) {
                try {
                    for (int r = 0; r < READERS; r++) {
                        children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), ReaderMain.class, dir.toString(), "reader-" + r));
                    }
                    for (int a = 0; a < APPENDERS; a++) {
                        children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), AppenderMain.class, dir.toString(),
                                Integer.toString(a), Integer.toString(share(a))));
                    }
                    List<String> digests = new ArrayList<>();
                    for (ChildJvm child : children) {
                        assertEquals(0, child.waitFor(90, TimeUnit.SECONDS), child.output());
                        child.output().lines().filter(l -> l.startsWith("read ")).forEach(digests::add);
                    }
                    assertEquals(READERS, digests.size(), digests.toString());
                    Replay replay = new Replay();
                    try (JournalReader unnamed = journal.reader(JournalStart.first())) {
                        replay.readAll(unnamed, journal);
                    }
                    for (String digest : digests) {
                        assertEquals(replay.summary(), digest, "a named reader and the replay from the start");
                    }
                    assertTrue(journal.rolls() >= 2, "rolls=" + journal.rolls());
                    try (JournalReader again = journal.reader("reader-0", JournalStart.first())) {
                        assertEquals(0, again.poll((s, t, ty, b, o, l) -> { }, 1024), "acknowledged records are not delivered again");
                    }
                } finally {
                    for (ChildJvm child : children) {
                        child.close();
                    }
                }
            }
        }
    }

    /** @return messages appender {@code a} appends: the million split three ways */
    static int share(int a) {
        return MESSAGES / APPENDERS + (a < MESSAGES % APPENDERS ? 1 : 0);
    }

    /** @return CRC-32C of a payload's appender number and sequence */
    static int crc(ByteBuffer buffer, int offset) {
        CRC32C crc = new CRC32C();
        for (int i = 0; i < 12; i++) {
            crc.update(buffer.get(offset + i));
        }
        return (int) crc.getValue();
    }

    /**
     * Checks records as they arrive: type, length, CRC, each appender's sequence exactly the next,
     * journal sequences increasing; and digests the order seen.
     */
    static final class Replay {
        private final long[] next = new long[APPENDERS];
        private long count;
        private long lastSequence = -1;
        private long digest;

        /** Reads until every message has arrived (a minute at most). */
        void readAll(JournalReader reader, Journal journal) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count < MESSAGES) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(reader.uri() + ": " + count + " of " + MESSAGES + " messages after 60 s, "
                            + "reader at sequence " + reader.nextSequence() + ", journal at " + journal.nextSequence());
                }
                reader.poll(this::check, 1024, 100, TimeUnit.MILLISECONDS);
            }
        }

        private void check(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length) {
            int appender = buffer.getInt(offset);
            long seq = buffer.getLong(offset + 4);
            if (type != TYPE || length != PAYLOAD || appender < 0 || appender >= APPENDERS || buffer.getInt(offset + 12) != crc(buffer, offset)) {
                throw new IllegalStateException("damaged record at sequence " + sequence + ": type=" + type + " length=" + length
                        + " appender=" + appender);
            }
            if (seq != next[appender]) {
                throw new IllegalStateException("appender " + appender + "'s message " + seq + " arrived where " + next[appender]
                        + " was due (lost, repeated or reordered), at journal sequence " + sequence);
            }
            if (sequence <= lastSequence) {
                throw new IllegalStateException("journal sequence " + sequence + " after " + lastSequence);
            }
            next[appender]++;
            lastSequence = sequence;
            count++;
            digest = digest * 1_000_003L + (sequence * 31 + appender) * 1_000_033L + seq;
        }

        /** @return what both readers and the replay must agree on */
        String summary() {
            return "read " + count + " last-sequence=" + lastSequence + " digest=" + Long.toHexString(digest);
        }
    }

    /** A named reader JVM: args journal directory, name. Prints its {@link Replay#summary()}. */
    public static final class ReaderMain {
        /**
         * @param args journal directory, reader name
         * @throws Exception on failure, which the test sees as the exit status and output
         */
        public static void main(String[] args) throws Exception {
            try (Journal journal = Journal.open(Paths.get(args[0]), OPTIONS);
                 JournalReader reader = journal.reader(args[1], JournalStart.first())) {
                Replay replay = new Replay();
                replay.readAll(reader, journal);
                System.out.println(replay.summary());
            }
        }
    }

    /** An appender JVM: args journal directory, appender number, messages. */
    public static final class AppenderMain {
        /**
         * @param args journal directory, appender number, messages
         * @throws Exception on failure, which the test sees as the exit status and output
         */
        public static void main(String[] args) throws Exception {
            int appender = Integer.parseInt(args[1]);
            int messages = Integer.parseInt(args[2]);
            try (Journal journal = Journal.open(Paths.get(args[0]), OPTIONS)) {
                JournalAppender out = journal.appender();
                for (long seq = 0; seq < messages; seq++) {
                    int index = out.tryClaim(PAYLOAD, TYPE);
                    ByteBuffer buffer = out.buffer();
                    buffer.putInt(index, appender);
                    buffer.putLong(index + 4, seq);
                    buffer.putInt(index + 12, crc(buffer, index));
                    out.commit(index);
                }
            }
        }
    }
}
