package io.ipcring.ring.journal;

import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;

/**
 * A named reader's position file, {@code readers/NAME.pos}:
 * <pre>
 *        0 +---------------------------------------------------------------+
 *          | RegionHeader, kind journal-reader (64 bytes)                  |
 *       64 | owner word (long): the live reader's packed identity, 0 free  |
 *      128 | active copy (long): 0 or 1, stored with release after it      |
 *      192 | copy 0: segment (long), data offset (long), next sequence     |
 *      256 | copy 1: segment (long), data offset (long), next sequence     |
 *          +---------------------------------------------------------------+
 * </pre>
 * An acknowledgement writes the inactive copy, then flips the active word (release), so a
 * reader killed at any point leaves one whole position: the last acknowledged.
 */
final class ReaderPosition implements AutoCloseable {
    /** Kind of a reader position file. */
    static final int KIND = 0x0203;
    /** The file's format. */
    static final RegionFormat FORMAT = new RegionFormat(KIND, 1, "journal-reader");
    static final int OWNER_OFFSET = RegionHeader.LENGTH;
    static final int ACTIVE_OFFSET = 128;
    static final int COPY_OFFSET = 192;
    static final int COPY_LENGTH = 64;
    static final int SEGMENT = 0;
    static final int OFFSET = 8;
    static final int SEQUENCE = 16;
    static final long LENGTH = 320;

    private final SharedRegion region;
    private final MappedMemory memory;
    private final long owner;
    private long active;

    private ReaderPosition(SharedRegion region, long owner) {
        this.region = region;
        this.memory = region.memory();
        this.owner = owner;
    }

    /**
     * Opens or creates a name's file and takes its owner word.
     *
     * @param initial written when the file is new: segment, offset, next sequence
     * @return the position, owned
     * @throws RingSlotsTakenException when a live reader holds the name
     */
    static ReaderPosition take(Path path, String name, long[] initial) {
        SharedRegion region;
        try {
            region = SharedRegion.openOrCreate(path, FORMAT, LENGTH, RegionAccess.OWNER, m -> {
                m.putLong(COPY_OFFSET + SEGMENT, initial[0]);
                m.putLong(COPY_OFFSET + OFFSET, initial[1]);
                m.putLong(COPY_OFFSET + SEQUENCE, initial[2]);
            });
        } catch (SharedMemoryException e) {
            throw JournalCorruptedException.of(e);
        }
        try {
            long owner = ProcessIdentity.current().pack();
            // Volatile: pairs with another reader's CAS and release at close.
            long current = region.memory().getLongVolatile(OWNER_OFFSET);
            // CAS: one live reader per name; pairs with the other takers' CAS.
            if ((current != 0 && ProcessIdentity.isAlive(current))
                    || !region.memory().compareAndSetLong(OWNER_OFFSET, current, owner)) {
                throw new RingSlotsTakenException(region.path() + ": the named reader " + name
                        + " is held by a live reader: " + ProcessIdentity.unpack(region.memory().getLongVolatile(OWNER_OFFSET)));
            }
            ReaderPosition position = new ReaderPosition(region, owner);
            region = null;
            try {
                position.active = position.activeCopy();
            } catch (RuntimeException e) {
                position.close();
                throw e;
            }
            return position;
        } finally {
            if (region != null) {
                region.close();
            }
        }
    }

    private long activeCopy() {
        // Acquire: pairs with store()'s release of the active word.
        long copy = memory.getLongAcquire(ACTIVE_OFFSET);
        if (copy != 0 && copy != 1) {
            throw corrupted(ACTIVE_OFFSET, "active copy=" + copy + " (expected 0 or 1)");
        }
        return copy;
    }

    JournalCorruptedException corrupted(long offset, String what) {
        return new JournalCorruptedException(region.path(), offset, what);
    }

    Path path() {
        return region.path();
    }

    /** @return the stored position: segment, data offset, next sequence (unchecked; the reader checks them) */
    long[] load() {
        int at = COPY_OFFSET + (int) active * COPY_LENGTH;
        return new long[] {memory.getLong(at + SEGMENT), memory.getLong(at + OFFSET), memory.getLong(at + SEQUENCE)};
    }

    /** @return the file offset of the active copy's field */
    long fieldOffset(int field) {
        return COPY_OFFSET + active * COPY_LENGTH + field;
    }

    /** Acknowledges a position: the inactive copy, then the active word. */
    void store(long segment, long offset, long nextSequence) {
        long next = active ^ 1;
        int at = COPY_OFFSET + (int) next * COPY_LENGTH;
        memory.putLong(at + SEGMENT, segment);
        memory.putLong(at + OFFSET, offset);
        memory.putLong(at + SEQUENCE, nextSequence);
        // Release: pairs with activeCopy()'s acquire; the copy is whole before it is active.
        memory.putLongRelease(ACTIVE_OFFSET, next);
        active = next;
    }

    /**
     * Reads a name's acknowledged position without taking the name, through a read-only
     * mapping (for tools).
     *
     * @return the active copy, unchecked against the journal
     * @throws JournalCorruptedException when the file is damaged
     */
    static JournalPosition peek(Path path) {
        long[] read = peekWithOwner(path);
        return new JournalPosition(read[1], read[2], read[3]);
    }

    /**
     * {@link #peek} with the owner word.
     *
     * @return the owner word (0 = nobody holds the name), then segment, data offset, next sequence
     * @throws JournalCorruptedException when the file is damaged
     */
    static long[] peekWithOwner(Path path) {
        SharedRegion region;
        try {
            region = SharedRegion.openReadOnly(path);
        } catch (SharedMemoryException e) {
            throw JournalCorruptedException.of(e);
        }
        try {
            if (region.kind() != KIND || region.length() != LENGTH) {
                throw new JournalCorruptedException(region.path(), 12, "kind=" + region.kind() + " length="
                        + region.length() + " (a reader position has kind=" + KIND + " length=" + LENGTH + ")");
            }
            ReaderPosition reading = new ReaderPosition(region, 0);
            reading.active = reading.activeCopy();
            long[] at = reading.load();
            // Acquire: pairs with take()'s CAS of the owner word.
            return new long[] {reading.memory.getLongAcquire(OWNER_OFFSET), at[0], at[1], at[2]};
        } finally {
            region.close();
        }
    }

    /** Frees the name and unmaps. */
    @Override
    public void close() {
        if (region.isIntact()) {
            // CAS: frees the name only if still ours; pairs with take().
            memory.compareAndSetLong(OWNER_OFFSET, owner, 0L);
        }
        region.close();
    }

}
