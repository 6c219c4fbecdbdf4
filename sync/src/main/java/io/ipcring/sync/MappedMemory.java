package io.ipcring.sync;

import io.ipcring.sync.os.MappedFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bounds-checked access to a memory-mapped file: plain, acquire/release, volatile, compare-and-set
 * and get-and-add operations on aligned {@code int} and {@code long} words, and bulk byte copies.
 *
 * <p>Every access goes through a {@link VarHandle} view of the mapping's {@link ByteBuffer} or
 * through an absolute {@link ByteBuffer} bulk method, so an offset outside the mapping throws
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
 *
 * <p>A file truncated by another process: an access to a page past its new end faults, and the
 * JVM reports it as an {@link InternalError} ("a fault occurred in a recent unsafe memory access
 * operation"), on Java 17 late: at the next call into the VM of interpreted code, at the next
 * safepoint poll or JNI call of compiled code. The atomic read-modify-writes are the exception:
 * the interpreter (and compiled code that did not inline the access down to the JIT's intrinsic)
 * runs them as unguarded native code, where the same fault kills the process with SIGBUS. So each
 * first reads its word, which faults if the page is gone, and creates an empty array, a call into
 * the VM in the interpreter that reports the fault before the atomic runs; compiled code runs the
 * atomic as the JIT's guarded intrinsic, and C2 drops the array. The extra load is on the cache
 * line the atomic then owns.
 */
public final class MappedMemory {
    private static final VarHandle INT =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int FILL_CHUNK = 4096;
    private static final ByteBuffer UNMAPPED = ByteBuffer.allocateDirect(0);

    private final MappedFile mappedFile;
    private final int capacity;
    private final long address;
    private ByteBuffer buffer;

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
        return (int) INT.get(buffer, offset);
    }

    /** @param offset byte offset @param value the int to write, plain store */
    public void putInt(int offset, int value) {
        INT.set(buffer, offset, value);
    }

    /** @param offset aligned byte offset @return the int at offset, acquire read */
    public int getIntAcquire(int offset) {
        return (int) INT.getAcquire(buffer, offset);
    }

    /** @param offset aligned byte offset @param value the int to write, release store */
    public void putIntRelease(int offset, int value) {
        INT.setRelease(buffer, offset, value);
    }

    /** @param offset aligned byte offset @return the int at offset, volatile read */
    public int getIntVolatile(int offset) {
        return (int) INT.getVolatile(buffer, offset);
    }

    /** @param offset aligned byte offset @param value the int to write, volatile store */
    public void putIntVolatile(int offset, int value) {
        INT.setVolatile(buffer, offset, value);
    }

    /**
     * @param offset   aligned byte offset
     * @param expected the value the word must hold
     * @param value    the value to store when it does
     * @return true when the word held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSetInt(int offset, int expected, int value) {
        int present = (int) INT.get(buffer, offset); // a missing page faults here (see the class description)
        byte[] callIntoTheVm = new byte[0]; // and the interpreter reports it here
        return INT.compareAndSet(buffer, offset, expected, value);
    }

    /**
     * @param offset aligned byte offset
     * @param delta  the amount to add
     * @return the value before the addition
     */
    public int getAndAddInt(int offset, int delta) {
        int present = (int) INT.get(buffer, offset); // a missing page faults here (see the class description)
        byte[] callIntoTheVm = new byte[0]; // and the interpreter reports it here
        return (int) INT.getAndAdd(buffer, offset, delta);
    }

    /**
     * @param offset aligned byte offset
     * @param value  the value to store
     * @return the value before the store
     */
    public int getAndSetInt(int offset, int value) {
        int present = (int) INT.get(buffer, offset); // a missing page faults here (see the class description)
        byte[] callIntoTheVm = new byte[0]; // and the interpreter reports it here
        return (int) INT.getAndSet(buffer, offset, value);
    }

    /** @param offset byte offset @return the long at offset, plain read */
    public long getLong(int offset) {
        return (long) LONG.get(buffer, offset);
    }

    /** @param offset byte offset @param value the long to write, plain store */
    public void putLong(int offset, long value) {
        LONG.set(buffer, offset, value);
    }

    /** @param offset aligned byte offset @return the long at offset, acquire read */
    public long getLongAcquire(int offset) {
        return (long) LONG.getAcquire(buffer, offset);
    }

    /** @param offset aligned byte offset @param value the long to write, release store */
    public void putLongRelease(int offset, long value) {
        LONG.setRelease(buffer, offset, value);
    }

    /** @param offset aligned byte offset @return the long at offset, volatile read */
    public long getLongVolatile(int offset) {
        return (long) LONG.getVolatile(buffer, offset);
    }

    /** @param offset aligned byte offset @param value the long to write, volatile store */
    public void putLongVolatile(int offset, long value) {
        LONG.setVolatile(buffer, offset, value);
    }

    /**
     * @param offset   aligned byte offset
     * @param expected the value the word must hold
     * @param value    the value to store when it does
     * @return true when the word held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSetLong(int offset, long expected, long value) {
        long present = (long) LONG.get(buffer, offset); // a missing page faults here (see the class description)
        byte[] callIntoTheVm = new byte[0]; // and the interpreter reports it here
        return LONG.compareAndSet(buffer, offset, expected, value);
    }

    /**
     * @param offset aligned byte offset
     * @param delta  the amount to add
     * @return the value before the addition
     */
    public long getAndAddLong(int offset, long delta) {
        long present = (long) LONG.get(buffer, offset); // a missing page faults here (see the class description)
        byte[] callIntoTheVm = new byte[0]; // and the interpreter reports it here
        return (long) LONG.getAndAdd(buffer, offset, delta);
    }

    /**
     * @param offset aligned byte offset
     * @param value  the value to store
     * @return the value before the store
     */
    public long getAndSetLong(int offset, long value) {
        long present = (long) LONG.get(buffer, offset); // a missing page faults here (see the class description)
        byte[] callIntoTheVm = new byte[0]; // and the interpreter reports it here
        return (long) LONG.getAndSet(buffer, offset, value);
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
        buffer.get(offset, dst, dstOffset, length);
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
        buffer.put(offset, src, srcOffset, length);
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
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        byte[] chunk = new byte[Math.min(length, FILL_CHUNK)];
        if (value != 0) {
            Arrays.fill(chunk, value);
        }
        for (int done = 0; done < length; done += chunk.length) {
            buffer.put(offset + done, chunk, 0, Math.min(chunk.length, length - done));
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
            mappedFile.unmap();
        }
    }

    /** @return true once {@link #unmap()} has run */
    public boolean isUnmapped() {
        return buffer == UNMAPPED;
    }
}
