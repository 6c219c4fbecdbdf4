package io.ipcring.sync.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A mapping for Java 22 and newer: a segment of its own shared {@link Arena}, mapped by
 * {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}, with a {@link ByteBuffer} view
 * over it. {@link #unmap()} closes the arena, which unmaps the file at once.
 *
 * <p>After {@link #unmap()} every access through {@link #buffer()}, or through any buffer derived
 * from it (a duplicate, slice or typed view), throws {@link IllegalStateException}; none ever
 * touches the unmapped memory. The JDK guarantees this: closing a shared arena runs a handshake
 * with every thread, so no thread is in the middle of an access to the segment when the memory
 * goes away, and every later access finds the arena closed. The {@linkplain #address() address}
 * is only a number: native code that still uses it after the unmap is not protected.
 */
final class FfmMappedFile implements MappedFile {
    /**
     * How long {@link #unmap()} retries while the arena is held: a JDK I/O operation on the
     * buffer (a channel read or write) or a downcall taking the segment keeps the arena acquired
     * for its duration, and on Java 22 a thread caught inside an access also fails the close.
     * Both last microseconds in normal use.
     */
    private static final long CLOSE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Pause between two attempts to close the arena. */
    private static final long CLOSE_RETRY_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** Owns the mapping; closed by {@link #unmap()}, by nothing else (it is never handed out). */
    private final Arena arena;
    /** The mapped bytes. */
    private final MemorySegment segment;
    /** The view of {@link #segment} given to callers: position 0, limit = size, big-endian. */
    private final ByteBuffer buffer;

    /**
     * @param arena   the arena that owns the mapping
     * @param segment the mapped bytes
     */
    private FfmMappedFile(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
        this.buffer = segment.asByteBuffer();
    }

    /**
     * Maps bytes {@code [0, size)} of a file into a new shared arena.
     *
     * @param channel  an open channel, readable (and writable for a read-write mapping)
     * @param readOnly map read-only instead of read-write
     * @param size     the number of bytes; a read-write mapping past the end grows the file
     * @return the mapping
     * @throws IOException              when the channel cannot be mapped
     * @throws IllegalArgumentException when {@code size} is negative or above
     *                                  {@link Integer#MAX_VALUE} (a buffer cannot cover it)
     */
    static FfmMappedFile map(FileChannel channel, boolean readOnly, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a mapping is 0 to " + Integer.MAX_VALUE + " bytes, not " + size);
        }
        Arena arena = Arena.ofShared();
        try {
            FileChannel.MapMode mode = readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE;
            MemorySegment segment = channel.map(mode, 0, size, arena);
            return new FfmMappedFile(arena, segment);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** @return the buffer over the whole mapping; it throws {@link IllegalStateException} once unmapped */
    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    /** @return the address of byte 0; still returned after the unmap, when it is no longer mapped */
    @Override
    public long address() {
        return segment.address();
    }

    /**
     * Closes the arena, which unmaps the file; later calls do nothing. Callers are serialized, so
     * two threads unmapping at once close it once. When the arena is held by an operation in
     * progress (see {@link #CLOSE_RETRY_NANOS}), the close is retried for up to a second.
     *
     * @throws IllegalStateException when the mapping stayed in use for that whole second; it is
     *                               then still mapped, and a later call may try again
     */
    @Override
    public synchronized void unmap() {
        long start = System.nanoTime();
        while (arena.scope().isAlive()) {
            try {
                arena.close();
                return;
            } catch (IllegalStateException inUse) {
                // held by another thread's operation on the mapping (the arena is ours alone, so
                // it is not closed by anyone else): wait for the operation to end
                if (System.nanoTime() - start >= CLOSE_RETRY_NANOS) {
                    throw new IllegalStateException("cannot unmap " + segment.byteSize() + " bytes at 0x"
                            + Long.toHexString(segment.address()) + ": still in use by another thread after "
                            + TimeUnit.NANOSECONDS.toMillis(CLOSE_RETRY_NANOS) + " ms (" + inUse.getMessage() + ")",
                            inUse);
                }
                LockSupport.parkNanos(CLOSE_RETRY_PAUSE_NANOS);
            }
        }
    }
}
