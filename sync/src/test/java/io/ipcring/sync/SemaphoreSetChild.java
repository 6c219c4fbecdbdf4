package io.ipcring.sync;

import java.util.Arrays;

/**
 * Child process for {@link SemaphoreSetProcessTest}: applies, again and again, one list that
 * takes one unit from each semaphore of one group and gives one to each semaphore of another,
 * waiting when a source is empty. The sum of all values never changes.
 *
 * <p>Arguments: region path, set offset, source indexes (comma-separated), target indexes
 * (comma-separated), number of lists to apply (or {@code forever}, to run until killed).
 */
public final class SemaphoreSetChild {
    private SemaphoreSetChild() {
    }

    /**
     * @param args path, offset, sources, targets, count
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        try (SharedRegion region = ScratchRegion.open(args[0])) {
            SemaphoreSet set = SemaphoreSet.attach(region.memory(), Integer.parseInt(args[1]));
            SemaphoreSet.Op[] ops = ops(args[2], -1, ops(args[3], 1, new SemaphoreSet.Op[0]));
            long lists = args[4].equals("forever") ? Long.MAX_VALUE : Long.parseLong(args[4]);
            for (long i = 0; i < lists; i++) {
                set.apply(ops);
            }
        }
    }

    private static SemaphoreSet.Op[] ops(String indexes, int delta, SemaphoreSet.Op[] after) {
        SemaphoreSet.Op[] ops = Arrays.stream(indexes.split(","))
                .map(index -> SemaphoreSet.op(Integer.parseInt(index), delta))
                .toArray(SemaphoreSet.Op[]::new);
        SemaphoreSet.Op[] all = Arrays.copyOf(ops, ops.length + after.length);
        System.arraycopy(after, 0, all, ops.length, after.length);
        return all;
    }
}
