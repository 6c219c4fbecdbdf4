package io.ipcring.bench;

import io.ipcring.sync.MappedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.HdrHistogram.Histogram;

/**
 * A ping-pong over two counters in shared memory, each owned by one side, plus an optional payload
 * slot beside each: the floor any shared-memory transport can reach. The initiator copies the
 * payload (sequence number first) into its slot and publishes the sequence + 1 in its counter with
 * a release store; the echoer spins on an acquire load of that counter, copies the payload straight
 * into its own slot and publishes the same way; the initiator spins on the echo counter and checks
 * the sequence in place. With size 0 only the counters move: the floor probe.
 */
final class SpinMailbox {
    private final MappedMemory memory;
    private final int sendCounter;
    private final int receiveCounter;
    private final int sendSlot;
    private final int receiveSlot;
    private final int size;
    private final ByteBuffer payload;
    private final ByteBuffer receivedView;

    /**
     * @param memory         the mapping
     * @param sendCounter    offset of this side's counter (8-byte aligned, own cache line)
     * @param receiveCounter offset of the other side's counter
     * @param sendSlot       offset of this side's payload slot
     * @param receiveSlot    offset of the other side's payload slot
     * @param size           payload bytes, 0 for counters only, else at least 8
     */
    SpinMailbox(MappedMemory memory, int sendCounter, int receiveCounter, int sendSlot, int receiveSlot, int size) {
        if (size != 0 && size < Long.BYTES) {
            throw new IllegalArgumentException("size=" + size + " must be 0 or at least 8");
        }
        this.memory = memory;
        this.sendCounter = sendCounter;
        this.receiveCounter = receiveCounter;
        this.sendSlot = sendSlot;
        this.receiveSlot = receiveSlot;
        this.size = size;
        this.payload = ByteBuffer.allocate(Math.max(size, Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        this.receivedView = size == 0 ? null : memory.slice(receiveSlot, size);
    }

    /**
     * The initiator's loop: {@code count} round trips, each recorded in nanoseconds.
     *
     * @param firstSequence the sequence number of the first round trip
     * @param count         round trips
     * @param histogram     receives each round-trip time
     */
    void pingPong(long firstSequence, int count, Histogram histogram) {
        long highest = histogram.getHighestTrackableValue();
        for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
            long start = System.nanoTime();
            if (size != 0) {
                payload.putLong(0, seq);
                memory.putBytes(sendSlot, payload, 0, size);
            }
            // Release: pairs with the echoer's acquire load of this counter; the payload written
            // above is visible to it once it sees seq + 1.
            memory.putLongRelease(sendCounter, seq + 1);
            // Acquire: pairs with the echoer's release store; its payload is visible after this.
            while (memory.getLongAcquire(receiveCounter) != seq + 1) {
                Thread.onSpinWait();
            }
            if (size != 0 && memory.getLong(receiveSlot) != seq) {
                throw new IllegalStateException("spin mailbox: echo carries sequence " + memory.getLong(receiveSlot)
                        + ", expected " + seq);
            }
            histogram.recordValue(Math.min(System.nanoTime() - start, highest));
        }
    }

    /**
     * The echoer's loop: answers {@code count} round trips.
     *
     * @param firstSequence the sequence number of the first round trip
     * @param count         round trips
     */
    void echo(long firstSequence, int count) {
        for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++) {
            // Acquire: pairs with the initiator's release store of its counter.
            while (memory.getLongAcquire(receiveCounter) != seq + 1) {
                Thread.onSpinWait();
            }
            if (size != 0) {
                memory.putBytes(sendSlot, receivedView, 0, size);
            }
            // Release: pairs with the initiator's acquire load; the echoed payload is visible first.
            memory.putLongRelease(sendCounter, seq + 1);
        }
    }
}
