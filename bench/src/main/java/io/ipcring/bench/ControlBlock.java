package io.ipcring.bench;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A case's control region (see {@link ControlLayout}): the two processes use it to wait for each
 * other between phases, to run the floor probe, and for the child to report what it received.
 * Nothing here runs inside a measured loop.
 */
final class ControlBlock implements AutoCloseable {
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final SharedRegion region;
    private final MappedMemory memory;
    private final int ownStep;
    private final int peerStep;

    private ControlBlock(SharedRegion region, boolean parent) {
        this.region = region;
        this.memory = region.memory();
        this.ownStep = parent ? ControlLayout.PARENT_STEP_OFFSET : ControlLayout.CHILD_STEP_OFFSET;
        this.peerStep = parent ? ControlLayout.CHILD_STEP_OFFSET : ControlLayout.PARENT_STEP_OFFSET;
    }

    /** Creates the region, for the parent. @param path its file @return the block */
    static ControlBlock create(Path path) {
        return new ControlBlock(SharedRegion.create(path, BenchRegions.CONTROL, ControlLayout.LENGTH,
                RegionAccess.OWNER, memory -> { }), true);
    }

    /** Opens the parent's region, for the child. @param path its file @return the block */
    static ControlBlock open(Path path) {
        return new ControlBlock(SharedRegion.open(path, BenchRegions.CONTROL), false);
    }

    MappedMemory memory() {
        return memory;
    }

    /** Publishes that this side reached a step. @param step the step */
    void reach(Step step) {
        // Release: pairs with the acquire load in await(): what this side wrote before (the
        // child's throughput figures, files it created) is visible once the step is.
        memory.putIntRelease(ownStep, step.value);
    }

    /**
     * Waits until the other side reached {@code step} or a later one.
     *
     * @param step    the step
     * @param timeout the longest wait
     * @param unit    its unit
     * @throws TimeoutException      when it does not come in time
     * @throws CaseAbortedException  when the other side aborted
     */
    void await(Step step, long timeout, TimeUnit unit) throws TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            // Acquire: pairs with the release store in reach() on the other side.
            int seen = memory.getIntAcquire(peerStep);
            if (seen == Step.ABORTED.value) {
                throw new CaseAbortedException("the other process aborted the case");
            }
            if (seen >= step.value) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("waited " + timeout + " " + unit + " for the other process to reach "
                        + step + " (it is at step " + seen + ")");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * The child's throughput figures, written before it reaches {@link Step#RECEIVED}.
     *
     * @param received messages received
     * @param elapsedNanos from the first to the last message
     */
    void putThroughput(long received, long elapsedNanos) {
        memory.putLong(ControlLayout.RECEIVED_OFFSET, received);
        memory.putLong(ControlLayout.ELAPSED_OFFSET, elapsedNanos);
    }

    /** @return messages the child received; read after {@link Step#RECEIVED} */
    long received() {
        return memory.getLong(ControlLayout.RECEIVED_OFFSET);
    }

    /** @return the child's nanoseconds from first to last message; read after {@link Step#RECEIVED} */
    long elapsedNanos() {
        return memory.getLong(ControlLayout.ELAPSED_OFFSET);
    }

    /** Unmaps the region; the parent deletes the file with the case's directory. */
    @Override
    public void close() {
        region.close();
    }
}
