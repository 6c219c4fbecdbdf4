package io.ipcring.sync;

import static io.ipcring.sync.SeqLockLayout.DATA_OFFSET;
import static io.ipcring.sync.SeqLockLayout.SEQUENCE_OFFSET;
import static io.ipcring.sync.SeqLockLayout.WORDS_OFFSET;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * A sequence lock over {@code n} long data words in shared memory ({@link SeqLockLayout}): one
 * writer publishes multi-word updates, any number of readers in any processes take consistent
 * snapshots without writing anything, so a read-only mapping can read.
 *
 * <p><b>Writer</b> (one thread at a time, across all processes; serialise several writers with a
 * {@link RobustMutex}): {@link #beginWrite()}, {@link #putWord} as often as needed,
 * {@link #endWrite()}; or {@link #write(long...)}. The sequence is odd while a write is going on.
 *
 * <p><b>Reader</b>: {@link #readBegin()}, {@link #getWord} for each word needed,
 * {@link #validate(long)}; when validation fails the words read are discarded and the read
 * retried. {@link #trySnapshot(long[])} and {@link #snapshot(long[], long, TimeUnit)} do this for
 * all words. Readers never block the writer; a writer that keeps writing can starve readers, and
 * one that died mid-write leaves the sequence odd until the next {@code beginWrite}: readers then
 * fail ({@code trySnapshot} false, {@code snapshot} times out), they never hang.
 *
 * <p><b>Fences</b> (Boehm, "Can seqlocks get along with programming language memory models?"):
 * writer: sequence odd, release fence (no data store moves above it), data stores, sequence even
 * with a release store. Reader: acquire read of the sequence, data reads, acquire fence (no data
 * read moves below it), plain re-read of the sequence.
 */
public final class SeqLock {
    /** Required alignment of a seqlock's offset. */
    public static final int ALIGNMENT = SeqLockLayout.ALIGNMENT;
    /** Returned by {@link #readBegin()} while a write is going on. */
    public static final long WRITE_IN_PROGRESS = -1L;

    private final MappedMemory memory;
    private final int sequence;
    private final int data;
    private final int words;
    private boolean writing;

    private SeqLock(MappedMemory memory, int offset, int words) {
        this.memory = Placement.check(memory, offset, SeqLockLayout.length(words), ALIGNMENT, "SeqLock");
        this.sequence = offset + SEQUENCE_OFFSET;
        this.data = offset + DATA_OFFSET;
        this.words = words;
    }

    /**
     * @param words the number of data words
     * @return the bytes a seqlock with that many words takes
     */
    public static int length(int words) {
        return SeqLockLayout.length(words);
    }

    /**
     * Writes a seqlock with {@code words} zero data words at {@code offset}. Only when no process
     * uses that memory yet.
     *
     * @param memory the mapping
     * @param offset where the seqlock goes, a multiple of {@link #ALIGNMENT}
     * @param words  the number of data words, 1 to {@link SeqLockLayout#MAX_WORDS}
     * @return the seqlock
     */
    public static SeqLock initialize(MappedMemory memory, int offset, int words) {
        SeqLock lock = new SeqLock(memory, offset, words);
        for (int i = 0; i < words; i++) {
            memory.putLong(lock.data + i * Long.BYTES, 0L);
        }
        memory.putInt(offset + WORDS_OFFSET, words);
        // Volatile: publishes the zeroed words to threads of this process that attach later.
        memory.putLongVolatile(lock.sequence, 0L);
        return lock;
    }

    /**
     * Attaches to a seqlock that {@link #initialize} wrote, reading its word count from memory.
     *
     * @param memory the mapping
     * @param offset where the seqlock is, a multiple of {@link #ALIGNMENT}
     * @return the seqlock
     * @throws IllegalStateException when the stored word count is out of range (corrupted or not
     *                               initialised), with the value found
     */
    public static SeqLock attach(MappedMemory memory, int offset) {
        Placement.check(memory, offset, DATA_OFFSET, ALIGNMENT, "SeqLock");
        int words = memory.getInt(offset + WORDS_OFFSET);
        long capacityWords = ((long) memory.capacity() - offset - DATA_OFFSET) / Long.BYTES;
        if (words < 1 || words > capacityWords) {
            throw new IllegalStateException("SeqLock at offset=" + offset + " holds words=" + words
                    + ", outside [1, " + capacityWords + "] for this mapping: corrupted or not initialised");
        }
        return new SeqLock(memory, offset, words);
    }

    /** @return the number of data words */
    public int words() {
        return words;
    }

    /**
     * Starts a write: makes the sequence odd. Writer only.
     *
     * @return true when the previous write was never finished (its writer died mid-write): the
     *         data may be torn and this write should rewrite every word
     * @throws IllegalStateException when this object already has a write going on
     */
    public boolean beginWrite() {
        if (writing) {
            throw new IllegalStateException("beginWrite() twice without endWrite()");
        }
        long current = memory.getLong(sequence);
        boolean abandoned = (current & 1) != 0;
        // Plain store: only this writer stores the sequence; the release fence below keeps every
        // data store of this write after it.
        memory.putLong(sequence, abandoned ? current + 2 : current + 1);
        // Release fence (StoreStore): pairs with the reader's acquire fence; a reader that sees any
        // data store of this write re-reads an odd or newer sequence.
        VarHandle.releaseFence();
        writing = true;
        return abandoned;
    }

    /**
     * Writes data word {@code index}; only between {@link #beginWrite()} and {@link #endWrite()}.
     *
     * @param index the word, 0 to {@link #words()} - 1
     * @param value its new value
     */
    public void putWord(int index, long value) {
        if (!writing) {
            throw new IllegalStateException("putWord outside beginWrite()/endWrite()");
        }
        memory.putLong(wordOffset(index), value);
    }

    /** Ends a write: makes the sequence even, publishing the data words. Writer only. */
    public void endWrite() {
        if (!writing) {
            throw new IllegalStateException("endWrite() without beginWrite()");
        }
        writing = false;
        // Release: pairs with the reader's acquire read of the sequence; data stores come first.
        memory.putLongRelease(sequence, memory.getLong(sequence) + 1);
    }

    /**
     * Writes every data word in one update. Writer only.
     *
     * @param values the new words, exactly {@link #words()} of them
     */
    public void write(long... values) {
        checkLength(values.length);
        beginWrite();
        for (int i = 0; i < values.length; i++) {
            memory.putLong(data + i * Long.BYTES, values[i]);
        }
        endWrite();
    }

    /**
     * Starts a read.
     *
     * @return the sequence to pass to {@link #validate(long)}, or {@link #WRITE_IN_PROGRESS}
     */
    public long readBegin() {
        // Acquire: pairs with the release store in endWrite(); the data reads that follow see at
        // least that write.
        long seq = memory.getLongAcquire(sequence);
        return (seq & 1) != 0 ? WRITE_IN_PROGRESS : seq;
    }

    /**
     * Reads data word {@code index}; valid only if {@link #validate(long)} then succeeds.
     *
     * @param index the word, 0 to {@link #words()} - 1
     * @return its value, possibly torn
     */
    public long getWord(int index) {
        return memory.getLong(wordOffset(index));
    }

    /**
     * Ends a read.
     *
     * @param seq what {@link #readBegin()} returned
     * @return true when no write overlapped the read: the words read form a consistent snapshot
     */
    public boolean validate(long seq) {
        // Acquire fence (LoadLoad): pairs with the writer's release fence; the data reads above
        // complete before the sequence is read again.
        VarHandle.acquireFence();
        return seq != WRITE_IN_PROGRESS && memory.getLong(sequence) == seq;
    }

    /**
     * One attempt at a consistent copy of all data words.
     *
     * @param dst receives the words, exactly {@link #words()} long
     * @return true when {@code dst} holds a consistent snapshot; false when a write overlapped
     */
    public boolean trySnapshot(long[] dst) {
        checkLength(dst.length);
        long seq = readBegin();
        if (seq == WRITE_IN_PROGRESS) {
            return false;
        }
        for (int i = 0; i < dst.length; i++) {
            dst[i] = memory.getLong(data + i * Long.BYTES);
        }
        return validate(seq);
    }

    /**
     * Retries {@link #trySnapshot(long[])} until it succeeds or {@code timeout} runs out (a writer
     * that died mid-write makes it time out rather than hang).
     *
     * @param dst     receives the words, exactly {@link #words()} long
     * @param timeout the longest time to keep trying
     * @param unit    its unit
     * @return true when {@code dst} holds a consistent snapshot
     * @throws InterruptedException if interrupted while retrying
     */
    public boolean snapshot(long[] dst, long timeout, TimeUnit unit) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = Deadline.after(timeout, unit);
        for (int attempt = 0; ; attempt++) {
            if (trySnapshot(dst)) {
                return true;
            }
            if (Deadline.expired(deadline)) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Deadline.backoff(since, attempt, Deadline.MAX_PARK_NANOS);
        }
    }

    private int wordOffset(int index) {
        if (index < 0 || index >= words) {
            throw new IndexOutOfBoundsException("index=" + index + " outside [0, " + words + ")");
        }
        return data + index * Long.BYTES;
    }

    private void checkLength(int length) {
        if (length != words) {
            throw new IllegalArgumentException("length=" + length + " but this seqlock holds words=" + words);
        }
    }
}
