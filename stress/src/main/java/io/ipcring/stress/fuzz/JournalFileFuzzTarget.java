package io.ipcring.stress.fuzz;

import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalHandler;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.JournalOptions;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import io.ipcring.ring.journal.JournalTruncatedException;
import io.ipcring.ring.journal.SegmentDescriptor;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Journal-file corruption: each case creates a real journal (small segments, random message
 * size, appender slots, index interval and stuck-claim timeout) in a directory of its own under {@code /dev/shm},
 * appends checked traffic through the public API while a named and an unnamed reader follow it
 * (every record must arrive once, in order, intact, across the rolls), then writes hostile
 * values into one of its files through a second mapping, as a buggy or malicious process could:
 * a segment ({@code journal-segment}: random bytes, geometry, first sequence and period, claim
 * word, record headers, sequences and timestamps, index entries), the meta file
 * ({@code journal-meta}: configuration, current and first segment, appender slots, the readers'
 * signal words, statistics) or the named reader's position file
 * ({@code journal-reader-position}: owner word, active copy, the stored positions). The same
 * appender and readers go on for a bounded number of steps; then, with no mapping left, the file
 * may be corrupted again, cut short, grown or (a segment) deleted, and the journal is re-opened, writable or
 * read-only, with readers starting at the first record, the end, a sequence or a time, and used
 * again. Every delivery must be well-formed (type positive, length within the maximum, payload
 * inside the mapping, sequences increasing), and the only exceptions allowed are the documented
 * ones: {@link RingCorruptedException} ({@code JournalCorruptedException},
 * {@code RingFileChangedException}), {@link SharedMemoryException} (a file missing, cut short or
 * refused), {@link RingSlotsTakenException} (an owner word naming a live process),
 * {@link ClaimRepairedException} (a claim repaired under the stuck-claim timeout, which half the
 * cases set, or one a hostile timeout made stuck), {@link JournalTruncatedException} (a reader
 * whose place retention deleted, which a hostile retention word or first-segment word in the
 * meta brings about), and on
 * re-open the {@link IllegalArgumentException} naming options that differ from the stored ones.
 */
public final class JournalFileFuzzTarget implements FuzzTarget {
    /** Which journal file a target corrupts. */
    public enum FileKind {
        /** A segment file. */
        SEGMENT("journal-segment"),
        /** The meta file. */
        META("journal-meta"),
        /** The named reader's position file. */
        READER_POSITION("journal-reader-position");

        private final String targetName;

        FileKind(String targetName) {
            this.targetName = targetName;
        }
    }

    private static final long[] EDGE_LONGS = {-1, -8, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, 3, 0x7FFF_FFF8L, 0, 1,
        SegmentDescriptor.SEALED | 64};
    private static final int[] EDGE_INTS = {0, -1, -8, 1, 7, 9, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20, -24, 24};
    private static final int[] INDEX_INTERVALS = {1, 4, 64};
    private static final int STEPS = 60;
    private static final String READER = "fuzz";

    private final FileKind kind;
    private final String name;

    /** @param kind the file this target corrupts */
    public JournalFileFuzzTarget(FileKind kind) {
        this.kind = kind;
        this.name = kind.targetName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        Path dir = Paths.get("/dev/shm", "ipcring-fuzz-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        int max = 1 + random.nextInt(2048);
        JournalOptions options = JournalOptions.defaults().rollBytes(JournalOptions.MIN_ROLL_BYTES).maxMessageLength(max)
                .appenderSlots(1 + random.nextInt(4)).indexInterval(INDEX_INTERVALS[random.nextInt(INDEX_INTERVALS.length)])
                .waitStrategy(random.nextBoolean() ? WaitStrategy.BUSY_SPIN : WaitStrategy.BLOCKING)
                .stuckClaimTimeout(random.nextBoolean() ? 0 : 1 + random.nextInt(5), TimeUnit.MILLISECONDS);
        Tally tally = new Tally();
        List<Long> timestamps = new ArrayList<>();
        try {
            try (Journal journal = Journal.open(dir, options)) {
                JournalAppender appender = journal.appender();
                JournalReader named = journal.reader(READER, JournalStart.first());
                JournalReader unnamed = journal.reader(JournalStart.first());
                try {
                    cleanTraffic(random, appender, named, unnamed, max, timestamps, deadlineNanos);
                } catch (FuzzFailure e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new FuzzFailure(name + ": before any corruption, the journal threw " + e, e);
                }
                int corruptions = 1 + random.nextInt(3);
                for (int i = 0; i < corruptions; i++) {
                    tally.bytes += corrupt(random, dir, options);
                }
                hostileTraffic(random, appender, List.of(named, unnamed), max, tally, deadlineNanos);
            } catch (RuntimeException e) {
                tally.allow(e, false);
            }
            if (random.nextBoolean()) {
                // a file found damaged at open, not only one damaged under a live endpoint
                tally.bytes += corrupt(random, dir, options);
            }
            if (random.nextInt(6) == 0) {
                tally.bytes += resize(random, dir);
            }
            reopen(random, dir, options, timestamps, tally, deadlineNanos);
        } finally {
            deleteTree(dir);
        }
        return new CaseResult(tally.frames, tally.detected, tally.bytes);
    }

    @Override
    public void close() {
    }

    /**
     * Before any corruption: both readers get every record once, in order, intact, across the
     * rolls; {@code timestamps} receives the records' append times, for a re-open at a time.
     */
    private void cleanTraffic(SplittableRandom random, JournalAppender appender, JournalReader named, JournalReader unnamed,
                              int max, List<Long> timestamps, long deadlineNanos) {
        List<Integer> committed = new ArrayList<>();
        int[] next = new int[2];
        long[] lastSequence = {-1, -1};
        JournalReader[] readers = {named, unnamed};
        int appends = 1 + random.nextInt(400);
        int id = 0;
        while (id < appends || next[0] < committed.size() || next[1] < committed.size()) {
            FuzzFailure.checkDeadline(name, deadlineNanos, "clean traffic");
            if (id < appends && random.nextInt(3) > 0) {
                int length = id % (max + 1);
                int index = appender.tryClaim(length, 1 + id % 1000);
                ByteBuffer buffer = appender.buffer();
                for (int i = 0; i < length; i++) {
                    buffer.put(index + i, (byte) (id + i));
                }
                if (random.nextInt(10) == 0) {
                    appender.abort(index);
                } else {
                    appender.commit(index);
                    committed.add(id);
                }
                id++;
            } else {
                int r = random.nextInt(2);
                readers[r].poll((sequence, timestamp, type, buffer, offset, length) -> {
                    Integer want = next[r] < committed.size() ? committed.get(next[r]) : null;
                    if (want == null || sequence <= lastSequence[r] || type != 1 + want % 1000 || length != want % (max + 1)
                            || !payloadIs(buffer, offset, length, want)) {
                        throw new FuzzFailure(name + ": before any corruption, reader " + readers[r].name() + " got record "
                                + want + " as sequence=" + sequence + " type=" + type + " length=" + length);
                    }
                    lastSequence[r] = sequence;
                    next[r]++;
                    if (r == 0) {
                        timestamps.add(timestamp);
                    }
                }, 1 + random.nextInt(16));
            }
        }
    }

    /** After corruption: bounded traffic, well-formed deliveries, documented exceptions only. */
    private void hostileTraffic(SplittableRandom random, JournalAppender appender, List<JournalReader> readers, int max,
                                Tally tally, long deadlineNanos) {
        byte[] payload = new byte[max];
        long[] lastSequence = new long[readers.size()];
        Arrays.fill(lastSequence, -1);
        for (int step = 0; step < STEPS; step++) {
            FuzzFailure.checkDeadline(name, deadlineNanos, "traffic after corruption, step " + step);
            try {
                int action = random.nextInt(8);
                if (action < 3 && appender != null) {
                    appender.offer(ByteBuffer.wrap(payload), 0, random.nextInt(max + 1), 1 + random.nextInt(5));
                } else if (action == 3 && appender != null) {
                    appender.abort(appender.tryClaim(random.nextInt(max + 1), 1));
                } else if (!readers.isEmpty()) {
                    int r = random.nextInt(readers.size());
                    JournalHandler wellFormed = (sequence, timestamp, type, buffer, offset, length) -> {
                        if (type <= 0 || length < 0 || length > max || offset < 0 || offset + length > buffer.capacity()
                                || sequence <= lastSequence[r]) {
                            throw new FuzzFailure(name + ": delivered an ill-formed record sequence=" + sequence + " (after "
                                    + lastSequence[r] + ") type=" + type + " offset=" + offset + " length=" + length + " (max="
                                    + max + ", mapping=" + buffer.capacity() + ")");
                        }
                        if (length > 0) {
                            buffer.get(offset + length - 1);
                        }
                        lastSequence[r] = sequence;
                        tally.frames++;
                    };
                    if (action < 7) {
                        readers.get(r).poll(wellFormed, 1 + random.nextInt(16));
                    } else {
                        readers.get(r).poll(wellFormed, 1 + random.nextInt(16), 1, TimeUnit.MILLISECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FuzzFailure(name + ": interrupted", e);
            } catch (RuntimeException e) {
                tally.allow(e, false);
                return;
            }
        }
    }

    /** Re-opens the (possibly corrupted) journal, writable or read-only: it must be refused cleanly or work. */
    private void reopen(SplittableRandom random, Path dir, JournalOptions options, List<Long> timestamps, Tally tally,
                        long deadlineNanos) {
        boolean readOnly = random.nextInt(4) == 0;
        try (Journal journal = readOnly ? Journal.openReadOnly(dir) : Journal.open(dir, options)) {
            List<JournalReader> readers = new ArrayList<>();
            readers.add(journal.reader(start(random, timestamps)));
            if (!readOnly) {
                readers.add(journal.reader(READER, JournalStart.first()));
            }
            JournalAppender appender = readOnly ? null : journal.appender();
            hostileTraffic(random, appender, readers, options.maxMessageLength(), tally, deadlineNanos);
        } catch (RuntimeException e) {
            tally.allow(e, true);
        }
    }

    /** @return a start of each kind; a time start at a record's append time or just after, so a seed replays alike */
    private static JournalStart start(SplittableRandom random, List<Long> timestamps) {
        switch (random.nextInt(4)) {
            case 0:
                return JournalStart.first();
            case 1:
                return JournalStart.end();
            case 2:
                return JournalStart.sequence(random.nextInt(600));
            default:
                long time = timestamps.isEmpty() ? 0 : timestamps.get(random.nextInt(timestamps.size())) + random.nextInt(2);
                return JournalStart.time(Instant.ofEpochSecond(0, time));
        }
    }

    /** Writes hostile values into this target's file through a second mapping; @return bytes written */
    private int corrupt(SplittableRandom random, Path dir, JournalOptions options) {
        Path file = file(random, dir);
        if (file == null) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            map.order(ByteOrder.LITTLE_ENDIAN);
            switch (kind) {
                case SEGMENT:
                    return corruptSegment(random, map, options);
                case META:
                    return corruptMeta(random, map);
                default:
                    return corruptPosition(random, map);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file + " to corrupt it", e);
        }
    }

    private int corruptSegment(SplittableRandom random, MappedByteBuffer map, JournalOptions options) {
        int capacity = options.rollBytes();
        int data = SegmentDescriptor.dataOffset(capacity, options.indexInterval());
        int claimed = Math.min(capacity, Math.max(0, SegmentDescriptor.offset(map.getLong(SegmentDescriptor.CLAIM_OFFSET))));
        int record = data + 8 * random.nextInt(Math.min(capacity, claimed + 64) / 8);
        switch (random.nextInt(8)) {
            case 0:
                return randomBytes(random, map, random.nextInt(map.capacity()));
            case 1:
                int[] ints = {SegmentDescriptor.CAPACITY_OFFSET, SegmentDescriptor.INDEX_INTERVAL_OFFSET,
                    SegmentDescriptor.INDEX_ENTRIES_OFFSET, SegmentDescriptor.DATA_OFFSET_OFFSET};
                if (random.nextBoolean()) {
                    map.putLong(SegmentDescriptor.NUMBER_OFFSET, EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]);
                    return Long.BYTES;
                }
                map.putInt(ints[random.nextInt(ints.length)], EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                return Integer.BYTES;
            case 2:
                int[] longs = {SegmentDescriptor.FIRST_SEQUENCE_OFFSET, SegmentDescriptor.PERIOD_END_OFFSET,
                    SegmentDescriptor.ACTIVATION_TIME_OFFSET};
                int at = longs[random.nextInt(longs.length)];
                map.putLong(at, random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : map.getLong(at) + 1);
                return Long.BYTES;
            case 3:
                long word = map.getLong(SegmentDescriptor.CLAIM_OFFSET);
                long[] words = {EDGE_LONGS[random.nextInt(EDGE_LONGS.length)], word + 8, word - 8, word + (1L << 32),
                    word - (1L << 32), word ^ SegmentDescriptor.SEALED, word + 4, SegmentDescriptor.claimWord(0, capacity)};
                map.putLong(SegmentDescriptor.CLAIM_OFFSET, words[random.nextInt(words.length)]);
                return Long.BYTES;
            case 4:
                map.putInt(record, EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                map.putInt(record + 4, random.nextBoolean() ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : -1);
                return Long.BYTES;
            case 5:
                int field = record + (random.nextBoolean() ? SegmentDescriptor.RECORD_SEQUENCE_OFFSET
                        : SegmentDescriptor.RECORD_TIMESTAMP_OFFSET);
                if (field + Long.BYTES <= map.capacity()) {
                    map.putLong(field, random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : map.getLong(field) + 1);
                }
                return Long.BYTES;
            case 6:
                int entries = SegmentDescriptor.indexEntries(capacity, options.indexInterval());
                int entry = SegmentDescriptor.INDEX_OFFSET + SegmentDescriptor.INDEX_ENTRY_LENGTH * random.nextInt(Math.min(entries, 64));
                int word2 = entry + (random.nextBoolean() ? SegmentDescriptor.ENTRY_RECORD_OFFSET : SegmentDescriptor.ENTRY_TIMESTAMP_OFFSET);
                long[] values = {EDGE_LONGS[random.nextInt(EDGE_LONGS.length)], data + 8L * random.nextInt(capacity / 8), data + 4,
                    map.getLong(word2) + 8};
                map.putLong(word2, values[random.nextInt(values.length)]);
                return Long.BYTES;
            default:
                return randomBytes(random, map, data + random.nextInt(Math.min(capacity, claimed + 64)));
        }
    }

    private static int corruptMeta(SplittableRandom random, MappedByteBuffer map) {
        switch (random.nextInt(6)) {
            case 0:
                return randomBytes(random, map, random.nextInt(map.capacity()));
            case 1:
                if (random.nextInt(6) == 0) {
                    map.putLong(JournalMetaDescriptor.STUCK_CLAIM_TIMEOUT_OFFSET, EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]);
                    return Long.BYTES;
                }
                map.putInt(JournalMetaDescriptor.ROLL_BYTES_OFFSET + 4 * random.nextInt(5), EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                return Integer.BYTES;
            case 2:
                int at = random.nextBoolean() ? JournalMetaDescriptor.CURRENT_SEGMENT_OFFSET : JournalMetaDescriptor.FIRST_SEGMENT_OFFSET;
                long current = map.getLong(at);
                long[] values = {EDGE_LONGS[random.nextInt(EDGE_LONGS.length)], current + 1, current - 1, current + 2};
                map.putLong(at, values[random.nextInt(values.length)]);
                return Long.BYTES;
            case 3:
                int slot = JournalMetaDescriptor.slotOffset(random.nextInt(4));
                if (slot + JournalMetaDescriptor.SLOT_LENGTH > map.capacity()) {
                    return 0;
                }
                switch (random.nextInt(4)) {
                    case 0:
                        long[] owners = {1, ProcessIdentity.current().pack(), random.nextLong(), 0};
                        map.putLong(slot + JournalMetaDescriptor.SLOT_OWNER_OFFSET, owners[random.nextInt(owners.length)]);
                        break;
                    case 1:
                        map.putLong(slot + JournalMetaDescriptor.SLOT_SEGMENT_OFFSET, EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]);
                        break;
                    case 2:
                        map.putLong(slot + JournalMetaDescriptor.SLOT_FROM_OFFSET, EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]);
                        break;
                    default:
                        map.putInt(slot + JournalMetaDescriptor.SLOT_LENGTH_OFFSET, EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                }
                return Long.BYTES;
            case 4:
                int word = random.nextBoolean() ? JournalMetaDescriptor.SIGNAL_OFFSET : JournalMetaDescriptor.SIGNAL_ARMED_OFFSET;
                map.putInt(word, EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                return Integer.BYTES;
            default:
                map.putLong(JournalMetaDescriptor.ROLLS_OFFSET + 8 * random.nextInt(4), EDGE_LONGS[random.nextInt(EDGE_LONGS.length)]);
                return Long.BYTES;
        }
    }

    /** The position file's layout: owner word after the region header, active copy at 128, copies of 64 bytes from 192. */
    private static int corruptPosition(SplittableRandom random, MappedByteBuffer map) {
        switch (random.nextInt(4)) {
            case 0:
                return randomBytes(random, map, random.nextInt(map.capacity()));
            case 1:
                long[] owners = {1, ProcessIdentity.current().pack(), random.nextLong(), 0};
                map.putLong(RegionHeader.LENGTH, owners[random.nextInt(owners.length)]);
                return Long.BYTES;
            case 2:
                map.putLong(128, random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : map.getLong(128) ^ 1);
                return Long.BYTES;
            default:
                int at = 192 + 64 * random.nextInt(2) + 8 * random.nextInt(3);
                long[] values = {EDGE_LONGS[random.nextInt(EDGE_LONGS.length)], map.getLong(at) + 8, map.getLong(at) - 8,
                    map.getLong(at) + 1};
                map.putLong(at, values[random.nextInt(values.length)]);
                return Long.BYTES;
        }
    }

    /** @return this target's file in the journal, a segment chosen at random; null when there is none */
    private Path file(SplittableRandom random, Path dir) {
        switch (kind) {
            case META:
                return dir.resolve(JournalMetaDescriptor.FILE_NAME);
            case READER_POSITION:
                Path position = dir.resolve(Journal.READERS_DIRECTORY).resolve(READER + ".pos");
                return Files.exists(position) ? position : null;
            default:
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> segments = files.filter(p -> p.getFileName().toString().endsWith(SegmentDescriptor.SUFFIX))
                            .sorted().toList();
                    return segments.isEmpty() ? null : segments.get(random.nextInt(segments.size()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
        }
    }

    private static int randomBytes(SplittableRandom random, MappedByteBuffer map, int at) {
        int length = Math.min(1 + random.nextInt(16), map.capacity() - at);
        for (int i = 0; i < length; i++) {
            map.put(at + i, (byte) random.nextInt(256));
        }
        return length;
    }

    /** With no mapping left: cuts this target's file short, grows it, or (a segment) deletes it. */
    private int resize(SplittableRandom random, Path dir) {
        Path file = file(random, dir);
        if (file == null) {
            return 0;
        }
        try {
            if (kind == FileKind.SEGMENT && random.nextInt(3) == 0) {
                Files.delete(file);
                return 1;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long size = channel.size();
                if (random.nextBoolean()) {
                    channel.truncate(random.nextLong(size));
                } else {
                    channel.write(ByteBuffer.wrap(new byte[1 + random.nextInt(8192)]), size);
                }
            }
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resize " + file, e);
        }
    }

    private static boolean payloadIs(ByteBuffer buffer, int offset, int length, int id) {
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != (byte) (id + i)) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** What a case saw; rejects exceptions that are not documented. */
    private final class Tally {
        int frames;
        int detected;
        long bytes;

        void allow(RuntimeException e, boolean opening) {
            if (e instanceof FuzzFailure) {
                throw e;
            }
            boolean otherOptions = opening && e.getClass() == IllegalArgumentException.class
                    && String.valueOf(e.getMessage()).contains("the journal was created with other options");
            if (e instanceof RingCorruptedException || e instanceof SharedMemoryException || e instanceof RingSlotsTakenException
                    || e instanceof ClaimRepairedException || e instanceof JournalTruncatedException || otherOptions) {
                detected++;
                return;
            }
            throw new FuzzFailure(name + ": an undocumented exception escaped: " + e, e);
        }
    }
}
