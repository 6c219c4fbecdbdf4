package io.ipcring.ring.fanout;

import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.RingSlotsTakenException;
import java.nio.file.Path;

/**
 * The dimensions of a {@link RingQueue}'s file: its capacity in elements, its largest encoded
 * element and the handles it makes room for. Checks the values a caller asks for, turns them into
 * the {@link WorkQueueRingOptions} of the file, refuses a file created with other values, and
 * names them in the queue's messages. Immutable.
 */
final class RingQueueShape {
    private final Path path;
    /** The most elements the queue holds: the work queue's message bound. */
    final int capacity;
    /** The largest encoded element in bytes. */
    final int maxElementLength;
    /** How many handles may put (and take) at once, as stored in the file. */
    final int maxHandles;

    /** @param ring an open ring whose options were compared by {@link #openRing} */
    RingQueueShape(WorkQueueRing ring) {
        WorkQueueRingOptions options = ring.options();
        this.path = ring.path();
        this.capacity = (int) options.maxMessages();
        this.maxElementLength = options.maxMessageLength();
        this.maxHandles = Math.min(options.producerSlots(), options.consumerSlots());
    }

    /**
     * Opens the work queue of a {@link RingQueue}, creating it when there is none.
     *
     * @return the ring, whose capacity and maximum element length are the ones asked for
     * @throws IllegalArgumentException when a value cannot be honoured (the message names the
     *                                  largest that can), or an existing file has another
     *                                  capacity or maximum element length (the ring is closed then)
     */
    static WorkQueueRing openRing(Path path, int capacity, int maxElementLength, int maxHandles) {
        WorkQueueRingOptions options = options(capacity, maxElementLength, maxHandles);
        WorkQueueRing ring = WorkQueueRing.openOrCreateAsFound(path, options);
        WorkQueueRingOptions found = ring.options();
        if (found.maxMessages() != capacity || found.maxMessageLength() != maxElementLength
                || found.capacity() != options.capacity()) {
            ring.close();
            throw new IllegalArgumentException(path + ": the file holds a queue of " + shape(found)
                    + ", opened with capacity=" + capacity + " maxElementLength=" + maxElementLength
                    + ": every process must open it with the same values");
        }
        return ring;
    }

    /**
     * @param closed whether the handle is closed
     * @return the file, the capacity, the maximum element length, the handles, and whether the handle is closed
     */
    String describe(boolean closed) {
        return "RingQueue[" + path + ", capacity=" + capacity + ", maxElementLength=" + maxElementLength
                + ", maxHandles=" + maxHandles + (closed ? ", closed]" : "]");
    }

    /**
     * @param verb "put" or "take"
     * @param e    the ring's refusal of one more producer or consumer
     * @return the exception naming the limit and how to raise it
     */
    IllegalStateException tooManyHandles(String verb, RingSlotsTakenException e) {
        return new IllegalStateException(path + ": all maxHandles=" + maxHandles + " handles that may " + verb
                + " on this queue are held by running processes; close some, or create the file with a larger maxHandles"
                + " (RingQueue.open(path, capacity, maxElementLength, maxHandles, codec), at most "
                + RingQueue.MAX_HANDLES + ")", e);
    }

    private static WorkQueueRingOptions options(int capacity, int maxElementLength, int maxHandles) {
        if (maxElementLength < 0 || maxElementLength > RingQueue.MAX_ELEMENT_LENGTH) {
            throw new IllegalArgumentException("maxElementLength=" + maxElementLength + " must be in [0, "
                    + RingQueue.MAX_ELEMENT_LENGTH + "]");
        }
        int largest = WorkQueueRingOptions.maxMessagesFor(maxElementLength);
        if (capacity <= 0 || capacity > largest) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be in [1, " + largest
                    + "] for maxElementLength=" + maxElementLength + " (capacity + 2 records of "
                    + WorkQueueRingDescriptor.recordLength(maxElementLength) + " bytes must fit in a ring of at most "
                    + RingGeometry.MAX_CAPACITY + " bytes)");
        }
        if (maxHandles < 1 || maxHandles > RingQueue.MAX_HANDLES) {
            throw new IllegalArgumentException("maxHandles=" + maxHandles + " must be in [1, " + RingQueue.MAX_HANDLES + "]");
        }
        return WorkQueueRingOptions.forMessages(capacity, maxElementLength).producerSlots(maxHandles)
                .consumerSlots(maxHandles);
    }

    private static String shape(WorkQueueRingOptions options) {
        return "capacity=" + options.maxMessages() + " maxElementLength=" + options.maxMessageLength()
                + " (a ring of " + options.capacity() + " bytes)";
    }
}
