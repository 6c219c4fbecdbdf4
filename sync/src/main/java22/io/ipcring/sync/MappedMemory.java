package io.ipcring.sync;

import io.ipcring.sync.os.MappedFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * Bounds-checked access to a memory-mapped file: plain, acquire/release, volatile, compare-and-set
 * and get-and-add operations on aligned {@code int} and {@code long} words, and bulk byte copies.
 *
 * <p>This is the Java 22+ version of the class ({@code META-INF/versions/22}): every word access
 * goes through a {@link ValueLayout} {@link VarHandle} on the mapping's {@link MemorySegment}, and
 * array copies through {@link MemorySegment#copy}, which the JIT compiles to fewer checks than
 * the {@code ByteBuffer} views of the base version over the same arena-backed memory; the
 * {@code ByteBuffer} views ({@link #buffer()}, {@link #slice}) are still there for callers that
 * read and write in place. An offset outside the mapping throws
 * {@link IndexOutOfBoundsException} and a misaligned atomic access throws
 * {@link IllegalStateException}: a corrupted offset read from shared memory can never reach
 * outside the mapping. No JVM flag ({@code --add-opens}/{@code --add-exports}) is needed.
 *
 * <p>All words are little-endian, the byte order of the file format on every platform.
 *
 * <p>Naming: {@code get}/{@code put} are plain accesses, {@code Acquire}/{@code Release} the
 * acquire/release modes, {@code Volatile} sequentially consistent, {@code compareAndSet},
 * {@code getAndAdd} and {@code getAndSet} are sequentially consistent atomic read-modify-writes.
 *
 * <p>Instances are thread-safe for the atomic operations. After {@link #unmap()} this object
 * refuses every access with {@link IndexOutOfBoundsException}. What a thread still running an
 * access concurrently with unmap, or holding a {@link #slice} or {@link #buffer()} view, gets
 * depends on the JVM: on Java 22 and newer the mapping belongs to a shared arena that unmap
 * closes, so such an access throws {@link IllegalStateException}; on Java 17–21 it touches
 * unmapped memory and may crash the JVM, so there the caller must make sure no thread accesses
 * the memory after unmap.
 */
public final class MappedMemory {
    /** Plain accesses may be misaligned, as through a {@code ByteBuffer} view. */
    private static final VarHandle PLAIN_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle PLAIN_LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /*
     * Atomic accesses need aligned layouts. The mapping starts on a page, so an offset's alignment
     * is its address's: aligned4/aligned8 check it first and throw IllegalStateException, as the
     * base version's ByteBuffer views do, rather than the layout's IllegalArgumentException.
     */
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private static final ByteBuffer UNMAPPED = ByteBuffer.allocateDirect(0);

    private final MappedFile mappedFile;
    private final int capacity;
    private final long address;
    private ByteBuffer buffer;
    /** The mapped bytes, in the mapping's arena; a zero-length segment once unmapped. */
    private MemorySegment segment;

    /**
     * Wraps a mapping; this object owns it from now on and releases it in {@link #unmap()}.
     *
     * @param mappedFile a mapping from {@link io.ipcring.sync.os.OsCalls#map}; its whole size is
     *                   addressable
     */
    MappedMemory(MappedFile mappedFile) {
        this.mappedFile = Objects.requireNonNull(mappedFile, "mappedFile");
        this.buffer = mappedFile.buffer().duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
        this.capacity = buffer.capacity();
        this.address = mappedFile.address();
        // the buffer comes from the arena's segment: ofBuffer gives back a segment of that arena
        this.segment = MemorySegment.ofBuffer(buffer);
    }

    /** @return the number of addressable bytes */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns the virtual address of {@code offset} in this process, for system calls such as
     * futex that take an address; checks the offset first.
     *
     * @param offset a byte offset in the mapping
     * @param width  the number of bytes at that offset the caller will touch
     * @return the native address
     */
    public long addressOf(int offset, int width) {
        Objects.checkFromIndexSize(offset, width, buffer.capacity());
        return address + offset;
    }

    /** @param offset byte offset @return the int at offset, plain read */
    public int getInt(int offset) {
        return (int) PLAIN_INT.get(segment, (long) offset);
    }

    /** @param offset byte offset @param value the int to write, plain store */
    public void putInt(int offset, int value) {
        try {
            PLAIN_INT.set(segment, (long) offset, value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /** @param offset aligned byte offset @return the int at offset, acquire read */
    public int getIntAcquire(int offset) {
        return (int) INT.getAcquire(segment, aligned4(offset));
    }

    /** @param offset aligned byte offset @param value the int to write, release store */
    public void putIntRelease(int offset, int value) {
        try {
            INT.setRelease(segment, aligned4(offset), value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /** @param offset aligned byte offset @return the int at offset, volatile read */
    public int getIntVolatile(int offset) {
        return (int) INT.getVolatile(segment, aligned4(offset));
    }

    /** @param offset aligned byte offset @param value the int to write, volatile store */
    public void putIntVolatile(int offset, int value) {
        try {
            INT.setVolatile(segment, aligned4(offset), value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * @param offset   aligned byte offset
     * @param expected the value the word must hold
     * @param value    the value to store when it does
     * @return true when the word held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSetInt(int offset, int expected, int value) {
        touchInt(offset);
        try {
            return INT.compareAndSet(segment, aligned4(offset), expected, value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * @param offset aligned byte offset
     * @param delta  the amount to add
     * @return the value before the addition
     */
    public int getAndAddInt(int offset, int delta) {
        try {
            return (int) INT.getAndAdd(segment, aligned4(offset), delta);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * @param offset aligned byte offset
     * @param value  the value to store
     * @return the value before the store
     */
    public int getAndSetInt(int offset, int value) {
        try {
            return (int) INT.getAndSet(segment, aligned4(offset), value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /** @param offset byte offset @return the long at offset, plain read */
    public long getLong(int offset) {
        return (long) PLAIN_LONG.get(segment, (long) offset);
    }

    /** @param offset byte offset @param value the long to write, plain store */
    public void putLong(int offset, long value) {
        try {
            PLAIN_LONG.set(segment, (long) offset, value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /** @param offset aligned byte offset @return the long at offset, acquire read */
    public long getLongAcquire(int offset) {
        return (long) LONG.getAcquire(segment, aligned8(offset));
    }

    /** @param offset aligned byte offset @param value the long to write, release store */
    public void putLongRelease(int offset, long value) {
        try {
            LONG.setRelease(segment, aligned8(offset), value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /** @param offset aligned byte offset @return the long at offset, volatile read */
    public long getLongVolatile(int offset) {
        return (long) LONG.getVolatile(segment, aligned8(offset));
    }

    /** @param offset aligned byte offset @param value the long to write, volatile store */
    public void putLongVolatile(int offset, long value) {
        try {
            LONG.setVolatile(segment, aligned8(offset), value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * @param offset   aligned byte offset
     * @param expected the value the word must hold
     * @param value    the value to store when it does
     * @return true when the word held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSetLong(int offset, long expected, long value) {
        touchLong(offset);
        try {
            return LONG.compareAndSet(segment, aligned8(offset), expected, value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * @param offset aligned byte offset
     * @param delta  the amount to add
     * @return the value before the addition
     */
    public long getAndAddLong(int offset, long delta) {
        try {
            return (long) LONG.getAndAdd(segment, aligned8(offset), delta);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * @param offset aligned byte offset
     * @param value  the value to store
     * @return the value before the store
     */
    public long getAndSetLong(int offset, long value) {
        try {
            return (long) LONG.getAndSet(segment, aligned8(offset), value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * A guarded read of a word before a compare-and-set of it: a word whose page is gone (the
     * file was truncated by another process) faults on the read, which the JVM turns into an
     * {@link InternalError}, instead of in the interpreter's compare-and-set, which runs as
     * unguarded native code where the same fault kills the process with SIGBUS (get-and-add and
     * get-and-set start with a volatile read of their own). Compiled code guards the atomic
     * itself; the extra load is on the cache line the atomic then owns.
     */
    private void touchInt(int offset) {
        int ignored = (int) PLAIN_INT.get(segment, (long) offset);
    }

    /** As {@link #touchInt}, for a long word. */
    private void touchLong(int offset) {
        long ignored = (long) PLAIN_LONG.get(segment, (long) offset);
    }

    /**
     * Copies bytes out of the mapping.
     *
     * @param offset    source offset in the mapping
     * @param dst       destination array
     * @param dstOffset first index written in {@code dst}
     * @param length    number of bytes
     */
    public void getBytes(int offset, byte[] dst, int dstOffset, int length) {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, dst, dstOffset, length);
    }

    /**
     * Copies bytes into the mapping.
     *
     * @param offset    destination offset in the mapping
     * @param src       source array
     * @param srcOffset first index read in {@code src}
     * @param length    number of bytes
     */
    public void putBytes(int offset, byte[] src, int srcOffset, int length) {
        try {
            MemorySegment.copy(src, srcOffset, segment, ValueLayout.JAVA_BYTE, offset, length);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * Copies bytes into the mapping from another buffer, leaving that buffer's position unchanged.
     *
     * @param offset    destination offset in the mapping
     * @param src       source buffer
     * @param srcOffset absolute index of the first byte read in {@code src}
     * @param length    number of bytes
     */
    public void putBytes(int offset, ByteBuffer src, int srcOffset, int length) {
        buffer.put(offset, src, srcOffset, length);
    }

    /**
     * Copies bytes out of the mapping into another buffer, leaving that buffer's position
     * unchanged.
     *
     * @param offset    source offset in the mapping
     * @param dst       destination buffer
     * @param dstOffset absolute index of the first byte written in {@code dst}
     * @param length    number of bytes
     */
    public void getBytes(int offset, ByteBuffer dst, int dstOffset, int length) {
        dst.put(dstOffset, buffer, offset, length);
    }

    /**
     * Fills a range with one byte value.
     *
     * @param offset first byte
     * @param length number of bytes
     * @param value  the byte written
     */
    public void setMemory(int offset, int length, byte value) {
        try {
            segment.asSlice(offset, length).fill(value);
        } catch (IllegalArgumentException e) {
            throw writeRefused(e);
        }
    }

    /**
     * Returns a little-endian view of a range that shares this memory, for zero-copy reads and
     * writes by the caller. The view's position is 0 and its limit is {@code length}.
     *
     * @param offset first byte of the view
     * @param length number of bytes
     * @return the view
     */
    public ByteBuffer slice(int offset, int length) {
        return buffer.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The underlying little-endian buffer (position 0, limit = capacity). Callers that keep
     * absolute indexes may read and write it directly; it shares this memory.
     *
     * @return the buffer
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Unmaps the memory now rather than when the garbage collector gets to it. Idempotent on the
     * calling thread. No thread may use this memory or any view of it afterwards: on Java 22+
     * such a use throws {@link IllegalStateException}, on Java 17–21 it touches unmapped memory.
     */
    public void unmap() {
        if (buffer != UNMAPPED) {
            buffer = UNMAPPED;
            segment = MemorySegment.NULL;
            mappedFile.unmap();
        }
    }

    private long aligned4(int offset) {
        if ((offset & 3) != 0) {
            throw misaligned(offset, Integer.BYTES);
        }
        return offset;
    }

    private long aligned8(int offset) {
        if ((offset & 7) != 0) {
            throw misaligned(offset, Long.BYTES);
        }
        return offset;
    }

    /** An offset outside the mapping is that first, as through a {@code ByteBuffer} view. */
    private RuntimeException misaligned(int offset, int width) {
        Objects.checkFromIndexSize(offset, width, segment.byteSize());
        return new IllegalStateException("misaligned atomic " + width + "-byte access at offset " + offset);
    }

    /**
     * A write to a read-only mapping is a {@link ReadOnlyBufferException}, as through a
     * {@code ByteBuffer} view; a segment reports it as {@link IllegalArgumentException}.
     */
    private static RuntimeException writeRefused(IllegalArgumentException e) {
        ReadOnlyBufferException readOnly = new ReadOnlyBufferException();
        readOnly.initCause(e);
        return readOnly;
    }

    /** @return true once {@link #unmap()} has run */
    public boolean isUnmapped() {
        return buffer == UNMAPPED;
    }
}
