package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SeqLockTest {
    private static final int OFFSET = ScratchRegion.BASE;
    private static final int WORDS = 4;

    private final ScratchRegion region = ScratchRegion.create(4096);
    private final MappedMemory memory = region.memory();
    private final SeqLock lock = SeqLock.initialize(memory, OFFSET, WORDS);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        region.close();
    }

    private long sequence() {
        return memory.getLongVolatile(OFFSET + SeqLockLayout.SEQUENCE_OFFSET);
    }

    @Test
    void aWriteIsSeenWholeByTheNextSnapshot() throws Exception {
        long[] snapshot = new long[WORDS];
        assertTrue(lock.trySnapshot(snapshot));
        assertArrayEquals(new long[WORDS], snapshot, "initialised to zero");
        lock.write(1, 2, 3, 4);
        assertEquals(2, sequence(), "even after one write");
        assertTrue(lock.snapshot(snapshot, 1, TimeUnit.SECONDS));
        assertArrayEquals(new long[] {1, 2, 3, 4}, snapshot);
        assertEquals(WORDS, lock.words());
    }

    @Test
    void theSequenceIsOddDuringAWriteAndReadersFail() throws Exception {
        assertFalse(lock.beginWrite());
        assertEquals(1, sequence());
        lock.putWord(0, 10);
        assertEquals(SeqLock.WRITE_IN_PROGRESS, lock.readBegin());
        assertFalse(lock.validate(SeqLock.WRITE_IN_PROGRESS));
        assertFalse(lock.trySnapshot(new long[WORDS]));
        assertFalse(lock.snapshot(new long[WORDS], 20, TimeUnit.MILLISECONDS), "times out, never hangs");
        lock.endWrite();
        assertEquals(2, sequence());
        long seq = lock.readBegin();
        assertEquals(10, lock.getWord(0));
        assertTrue(lock.validate(seq));
    }

    @Test
    void aReadOverlappingAWriteFailsValidation() {
        long seq = lock.readBegin();
        lock.getWord(0);
        lock.write(5, 6, 7, 8);
        assertFalse(lock.validate(seq));
        long again = lock.readBegin();
        assertEquals(5, lock.getWord(0));
        assertTrue(lock.validate(again));
    }

    @Test
    void aWriteAbandonedByADeadWriterIsReportedToTheNextWriter() throws Exception {
        memory.putLongVolatile(OFFSET + SeqLockLayout.SEQUENCE_OFFSET, 7);
        assertFalse(lock.snapshot(new long[WORDS], 10, TimeUnit.MILLISECONDS));
        assertTrue(lock.beginWrite(), "the previous write never ended");
        assertEquals(9, sequence(), "still odd while this write goes on");
        for (int i = 0; i < WORDS; i++) {
            lock.putWord(i, 42);
        }
        lock.endWrite();
        assertEquals(10, sequence());
        long[] snapshot = new long[WORDS];
        assertTrue(lock.trySnapshot(snapshot));
        assertArrayEquals(new long[] {42, 42, 42, 42}, snapshot);
    }

    @Test
    void readersNeverAcceptATornSnapshot() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong consistentWhileWriting = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Future<?> writer = threads.submit(() -> {
            // At least 200,000 writes, and on until the reader got a snapshot in between: on a
            // loaded machine the reader may not run at all during the first 200,000.
            for (long i = 1; i <= 200_000 || (consistentWhileWriting.get() == 0 && System.nanoTime() < deadline); i++) {
                lock.write(i, i, i, i);
            }
            writing.set(false);
        });
        Future<Long> reader = threads.submit(() -> {
            long[] snapshot = new long[WORDS];
            long last = 0;
            while (writing.get()) {
                if (lock.trySnapshot(snapshot)) {
                    for (long word : snapshot) {
                        assertEquals(snapshot[0], word, "torn snapshot accepted");
                    }
                    assertTrue(snapshot[0] >= last, "went back in time");
                    last = snapshot[0];
                    consistentWhileWriting.incrementAndGet();
                }
            }
            return consistentWhileWriting.get();
        });
        writer.get(50, TimeUnit.SECONDS);
        assertTrue(reader.get(10, TimeUnit.SECONDS) > 0, "at least one snapshot succeeded");
    }

    @Test
    void writerMisuseIsRejected() {
        assertThrows(IllegalStateException.class, () -> lock.putWord(0, 1), "outside a write");
        assertThrows(IllegalStateException.class, lock::endWrite);
        lock.beginWrite();
        assertThrows(IllegalStateException.class, lock::beginWrite);
        assertThrows(IndexOutOfBoundsException.class, () -> lock.putWord(WORDS, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> lock.putWord(-1, 1));
        lock.endWrite();
        assertThrows(IllegalArgumentException.class, () -> lock.write(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> lock.trySnapshot(new long[WORDS + 1]));
        assertThrows(IndexOutOfBoundsException.class, () -> lock.getWord(WORDS));
    }

    @Test
    void attachReadsTheWordCountAndRejectsACorruptedOne() {
        lock.write(9, 9, 9, 9);
        SeqLock attached = SeqLock.attach(memory, OFFSET);
        assertEquals(WORDS, attached.words());
        long[] snapshot = new long[WORDS];
        assertTrue(attached.trySnapshot(snapshot));
        assertArrayEquals(new long[] {9, 9, 9, 9}, snapshot);
        for (int corrupted : new int[] {0, -1, 1_000_000}) {
            memory.putInt(OFFSET + SeqLockLayout.WORDS_OFFSET, corrupted);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SeqLock.attach(memory, OFFSET));
            assertTrue(e.getMessage().contains("words=" + corrupted), e.getMessage());
        }
    }

    @Test
    void placementAndSizesAreValidated() {
        assertEquals(SeqLockLayout.DATA_OFFSET + 8 * 3, SeqLock.length(3));
        assertThrows(IllegalArgumentException.class, () -> SeqLock.length(0));
        assertThrows(IllegalArgumentException.class, () -> SeqLock.initialize(memory, OFFSET + 4, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> SeqLock.initialize(memory, 4096 - 16, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> SeqLock.attach(memory, 4096));
        SeqLock.initialize(memory, 4096 - SeqLock.length(1), 1).write(3);
    }
}
