package io.ipcring.ring.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * A child JVM's part in the multi-process journal tests:
 * <ul>
 *   <li>{@code claim DIR}: claims a record, prints {@code CLAIMED}, then waits to be killed;</li>
 *   <li>{@code append DIR ID COUNT}: appends {@code COUNT} {@link #message messages} of appender
 *       {@code ID}, then prints {@code DONE};</li>
 *   <li>{@code fill DIR}: appends 1000-byte records to a journal of {@link JournalMultiProcessTest#FULL_OPTIONS}
 *       until an append throws, then prints {@code APPENDED <count>} and {@code FAILED <exception>};</li>
 *   <li>{@code fillretry DIR GO}: fills as {@code fill} does, prints {@code FAILED <reason>},
 *       waits for the file {@code GO}, appends once more and prints
 *       {@code RETRIED <sequence> SEGMENTS <segment files>};</li>
 *   <li>{@code replay DIR}: opens the journal read-only, reads every record and prints
 *       {@code REPLAYED <count> LAST <sequence>};</li>
 *   <li>{@code powercut DIR SYNCED UNSYNCED}: on a journal of {@link JournalSyncTest#PERIODIC},
 *       appends {@code SYNCED} records, msyncs, prints {@code SYNCED <file offset of the end>},
 *       appends {@code UNSYNCED} more, prints {@code APPENDED} and waits to be killed;</li>
 *   <li>{@code tail DIR UNTIL}: opens the journal of {@link JournalRetentionTest#RETAINED} with
 *       an unnamed reader from the first record, prints {@code READING}, and reads until it got
 *       sequence {@code UNTIL - 1}, counting {@link JournalTruncatedException}s; prints
 *       {@code TAILED <records> TRUNCATED <exceptions> ORDERED <true|false>};</li>
 *   <li>{@code read DIR NAME [retained]}: (on a journal of {@link JournalRetentionTest#RETAINED}
 *       with {@code retained}) polls the named reader in batches of 10 and prints
 *       {@code ACK <next sequence>} after each poll that delivered, until killed.</li>
 * </ul>
 */
public final class JournalChild {
    private JournalChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("replay")) {
            try (Journal journal = Journal.openReadOnly(dir); JournalReader reader = journal.reader(JournalStart.first())) {
                Records got = new Records();
                while (reader.poll(got, 1000) > 0) {
                    // until nothing is left
                }
                System.out.println("REPLAYED " + got.records.size() + " LAST " + got.sequences().get(got.records.size() - 1));
            }
            return;
        }
        if (args[0].equals("powercut")) {
            powerCut(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        if (args[0].equals("tail")) {
            tail(dir, Long.parseLong(args[2]));
            return;
        }
        boolean fill = args[0].startsWith("fill");
        JournalOptions options = fill ? JournalMultiProcessTest.FULL_OPTIONS
                : args[args.length - 1].equals("retained") ? JournalRetentionTest.RETAINED : JournalMultiProcessTest.OPTIONS;
        try (Journal journal = Journal.open(dir, options)) {
            switch (args[0]) {
                case "claim": {
                    JournalAppender appender = journal.appender();
                    appender.tryClaim(100, 1);
                    System.out.println("CLAIMED " + appender.claimSequence());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                    break;
                }
                case "append": {
                    int id = Integer.parseInt(args[2]);
                    int count = Integer.parseInt(args[3]);
                    try (JournalAppender appender = journal.appender()) {
                        append(appender, id, count);
                    }
                    System.out.println("DONE");
                    break;
                }
                case "fill": {
                    int appended = 0;
                    try (JournalAppender appender = journal.appender()) {
                        for (;;) {
                            appender.offer(new byte[1000], 0, 1000, 1);
                            appended++;
                        }
                    } catch (RuntimeException e) {
                        System.out.println("APPENDED " + appended);
                        System.out.println("FAILED " + e);
                    }
                    break;
                }
                case "fillretry": {
                    try (JournalAppender appender = journal.appender()) {
                        try {
                            for (;;) {
                                appender.offer(new byte[1000], 0, 1000, 1);
                            }
                        } catch (io.ipcring.sync.SharedMemoryException e) {
                            System.out.println("FAILED " + e.reason());
                            System.out.flush();
                        }
                        Path go = Path.of(args[2]);
                        while (!java.nio.file.Files.exists(go)) {
                            Thread.sleep(10);
                        }
                        appender.offer(new byte[1000], 0, 1000, 1);
                        System.out.println("RETRIED " + appender.claimSequence() + " SEGMENTS " + journal.segments());
                    }
                    break;
                }
                case "read": {
                    try (JournalReader reader = journal.reader(args[2], JournalStart.first())) {
                        for (;;) {
                            if (reader.poll(new Records(), 10, 100, java.util.concurrent.TimeUnit.MILLISECONDS) > 0) {
                                System.out.println("ACK " + reader.nextSequence());
                                System.out.flush();
                            }
                        }
                    }
                }
                default:
                    throw new IllegalArgumentException("mode=" + args[0]);
            }
        }
    }

    private static void powerCut(Path dir, int synced, int unsynced) throws InterruptedException {
        Journal journal = Journal.open(dir, JournalSyncTest.PERIODIC);
        JournalAppender appender = journal.appender();
        for (int i = 0; i < synced + unsynced; i++) {
            if (i == synced) {
                journal.sync();
                try (Segment segment = journal.openSegment(journal.currentSegment())) {
                    System.out.println("SYNCED " + segment.fileOffset(SegmentDescriptor.offset(segment.claimWord())));
                }
            }
            appender.offer(Records.payload(1000, i), 0, 1000, 1);
        }
        System.out.println("APPENDED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void tail(Path dir, long until) throws InterruptedException {
        try (Journal journal = Journal.open(dir, JournalRetentionTest.RETAINED);
             JournalReader reader = journal.reader(JournalStart.first())) {
            System.out.println("READING");
            System.out.flush();
            Records got = new Records();
            int truncations = 0;
            boolean ordered = true;
            long last = -1;
            while (last < until - 1) {
                try {
                    reader.poll(got, 7, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (JournalTruncatedException e) {
                    truncations++;
                    ordered &= e.firstKeptSequence() > e.lostFromSequence() && e.lostFromSequence() > last;
                }
                for (Records.Record r : got.records) {
                    ordered &= r.sequence() > last;
                    last = r.sequence();
                }
                got.records.clear();
            }
            System.out.println("TAILED " + last + " TRUNCATED " + truncations + " ORDERED " + ordered);
        }
    }

    /** Appends {@code count} messages of appender {@code id}, counters 0..count-1. */
    static void append(JournalAppender appender, int id, int count) {
        byte[] buffer = new byte[256];
        for (int i = 0; i < count; i++) {
            int length = message(buffer, id, i);
            appender.offer(buffer, 0, length, 1);
        }
    }

    /**
     * Writes a message: id, counter, 0..100 random bytes, then the CRC32C of all before it.
     *
     * @return its length
     */
    static int message(byte[] into, int id, int counter) {
        ByteBuffer b = ByteBuffer.wrap(into).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(id).putInt(counter);
        int random = ThreadLocalRandom.current().nextInt(101);
        for (int k = 0; k < random; k++) {
            b.put((byte) ThreadLocalRandom.current().nextInt());
        }
        CRC32C crc = new CRC32C();
        crc.update(into, 0, b.position());
        b.putInt((int) crc.getValue());
        return b.position();
    }
}
