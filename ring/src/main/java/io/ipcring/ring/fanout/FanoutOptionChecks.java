package io.ipcring.ring.fanout;

import io.ipcring.sync.SharedRegion;

/**
 * The range checks {@link BroadcastRingOptions} and {@link WorkQueueRingOptions} share, so both
 * reject a value with the same message.
 */
final class FanoutOptionChecks {
    private FanoutOptionChecks() {
    }

    /** @throws IllegalArgumentException unless {@code bytes} is a power of two in [min, max] */
    static void checkCapacity(int bytes, int min, int max) {
        if (bytes < min || bytes > max || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("capacity=" + bytes + " must be a power of two in [" + min + ", " + max + "]");
        }
    }

    /** @throws IllegalArgumentException unless {@code count} is in [1, max] */
    static void checkSlots(String name, int count, int max) {
        if (count < 1 || count > max) {
            throw new IllegalArgumentException(name + "=" + count + " must be in [1, " + max + "]");
        }
    }

    /** @throws IllegalArgumentException unless {@code bytes} is in [0, largest] */
    static void checkMaxMessageLength(int bytes, int largest, int capacity) {
        if (bytes < 0 || bytes > largest) {
            throw new IllegalArgumentException("maxMessageLength=" + bytes + " must be in [0, " + largest
                    + "] for capacity=" + capacity);
        }
    }

    /** @throws IllegalArgumentException when a file of {@code length} bytes is more than a region holds */
    static void checkLength(int capacity, long length) {
        if (length > SharedRegion.MAX_LENGTH) {
            throw new IllegalArgumentException("capacity=" + capacity + " with the slot tables makes a file of "
                    + length + " bytes, more than " + SharedRegion.MAX_LENGTH);
        }
    }
}
