package io.ipcring.ring.fanout;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;

/**
 * A shared tally for the work-queue multi-process test: how many times each message id was
 * handled, kept in shared memory so that a consumer killed with SIGKILL loses none of its counts.
 *
 * <pre>
 *  64   distinct ids handled at least once (long)
 *  72   id + 1 of the message a holding consumer sits on, 0 when none (long)
 *  128  one int per id: times handled
 * </pre>
 */
final class WorkQueueTally implements AutoCloseable {
    static final RegionFormat FORMAT = new RegionFormat(0x7E59, 1, "work-queue test tally");
    static final int DISTINCT_OFFSET = RegionHeader.LENGTH;
    static final int HOLDING_OFFSET = DISTINCT_OFFSET + 8;
    static final int COUNTS_OFFSET = 128;

    private final SharedRegion region;
    private final MappedMemory memory;
    private final int total;

    private WorkQueueTally(SharedRegion region, int total) {
        this.region = region;
        this.memory = region.memory();
        this.total = total;
    }

    static WorkQueueTally create(Path path, int total) {
        return new WorkQueueTally(SharedRegion.create(path, FORMAT, COUNTS_OFFSET + 4L * total, RegionAccess.OWNER, m -> { }), total);
    }

    static WorkQueueTally open(Path path, int total) {
        return new WorkQueueTally(SharedRegion.open(path, FORMAT), total);
    }

    /** Counts one handling of {@code id}. */
    void handled(long id) {
        if (id < 0 || id >= total) {
            throw new AssertionError("id " + id + " outside [0, " + total + ")");
        }
        if (memory.getAndAddInt(COUNTS_OFFSET + 4 * (int) id, 1) == 0) {
            memory.getAndAddLong(DISTINCT_OFFSET, 1);
        }
    }

    long distinct() {
        return memory.getLongVolatile(DISTINCT_OFFSET);
    }

    void holding(long id) {
        memory.putLongVolatile(HOLDING_OFFSET, id + 1);
    }

    /** @return the id a holding consumer sits on, or -1 */
    long held() {
        return memory.getLongVolatile(HOLDING_OFFSET) - 1;
    }

    int count(int id) {
        return memory.getIntVolatile(COUNTS_OFFSET + 4 * id);
    }

    @Override
    public void close() {
        region.close();
    }
}
