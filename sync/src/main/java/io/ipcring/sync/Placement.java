package io.ipcring.sync;

import java.util.Objects;

/** Checks where a primitive is placed in a {@link MappedMemory} before it touches any word there. */
final class Placement {
    private Placement() {
    }

    /**
     * @param memory    the mapping
     * @param offset    where the primitive starts
     * @param length    how many bytes it spans
     * @param alignment the alignment its words need, a power of two
     * @param what      the primitive's name, for messages
     * @return {@code memory}, checked
     * @throws IllegalArgumentException  when {@code offset} is not a multiple of {@code alignment}
     * @throws IndexOutOfBoundsException when the range does not lie inside the mapping
     */
    static MappedMemory check(MappedMemory memory, int offset, int length, int alignment, String what) {
        Objects.requireNonNull(memory, "memory");
        if ((offset & (alignment - 1)) != 0) {
            throw new IllegalArgumentException(what + ": offset=" + offset + " is not a multiple of alignment="
                    + alignment);
        }
        if (offset < 0 || length < 0 || offset > memory.capacity() - length) {
            throw new IndexOutOfBoundsException(what + ": offset=" + offset + " length=" + length
                    + " does not fit in a mapping of capacity=" + memory.capacity());
        }
        return memory;
    }
}
