package io.ipcring.transport.mq;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * A direct buffer in native byte order and a jnr {@link Pointer} to the same memory, allocated once
 * per endpoint: Java code reads and writes it through {@link #buffer}, native calls take
 * {@link #pointer}, and nothing is allocated or copied per call. The pointer is valid as long as
 * this object is reachable (the buffer owns the memory).
 */
final class NativeBuffer {
    /** The Java view, native byte order, absolute indexes. */
    final ByteBuffer buffer;
    /** The native view of the same bytes. */
    final Pointer pointer;

    private NativeBuffer(ByteBuffer buffer, Pointer pointer) {
        this.buffer = buffer;
        this.pointer = pointer;
    }

    /**
     * @param capacity bytes, positive
     * @return a zeroed buffer of that capacity
     */
    static NativeBuffer allocate(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be positive");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        long address = MemoryIO.getInstance().getDirectBufferAddress(buffer);
        if (address == 0) {
            throw new IllegalStateException("the JVM gave no address for a direct buffer of " + capacity + " bytes");
        }
        return new NativeBuffer(buffer, Pointer.wrap(QueueLibc.RUNTIME, address, capacity));
    }

    /** @return the capacity in bytes */
    int capacity() {
        return buffer.capacity();
    }
}
