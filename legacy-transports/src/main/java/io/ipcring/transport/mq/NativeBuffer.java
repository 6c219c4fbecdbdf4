package io.ipcring.transport.mq;

import io.ipcring.transport.internal.NativeIo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A direct buffer in native byte order and its native address, allocated once per endpoint: Java
 * code reads and writes it through {@link #buffer}, native calls take {@link #address}, and
 * nothing is allocated or copied per call. The address is valid as long as this object is
 * reachable (the buffer owns the memory).
 */
final class NativeBuffer {
    /** The Java view, native byte order, absolute indexes. */
    final ByteBuffer buffer;
    /** The native address of the buffer's index 0. */
    final long address;

    private NativeBuffer(ByteBuffer buffer) {
        this.buffer = buffer;
        this.address = NativeIo.address(buffer);
    }

    /**
     * @param capacity bytes, positive
     * @return a zeroed buffer of that capacity
     */
    static NativeBuffer allocate(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be positive");
        }
        return new NativeBuffer(ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder()));
    }

    /** @return the capacity in bytes */
    int capacity() {
        return buffer.capacity();
    }
}
