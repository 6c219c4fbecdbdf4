package io.ipcring.sync.os;

import java.nio.ByteBuffer;

/**
 * A file mapped into memory by {@link OsCalls#map}: the buffer that reads and writes it, the
 * native address of its first byte (for system calls such as futex), and a deterministic unmap.
 */
public interface MappedFile {
    /**
     * @return a buffer over the whole mapping, position 0, limit = capacity, big-endian as every
     *         new buffer (callers set the order of their own views)
     */
    ByteBuffer buffer();

    /** @return the native address of byte 0 of the mapping */
    long address();

    /**
     * Releases the mapping now. On Java 22+ any later access through {@link #buffer()} or a view
     * of it throws {@link IllegalStateException}; on Java 17–21 the caller must make sure no
     * thread uses it any more. Idempotent.
     */
    void unmap();
}
