package io.ipcring.ring.fanout;

import io.ipcring.sync.Deadline;

/**
 * One broadcast producer's view of the subscribers: the lowest attached position, cached with the
 * gating epoch it was read under, re-read only when a claim does not fit or a subscriber joined.
 * See {@link BroadcastRing} for the join protocol this completes.
 */
final class BroadcastGate implements OrderedPublication.Gate {
    private final SubscriberRegistry registry;
    private final int capacity;
    private long bound = Long.MIN_VALUE;
    private long epoch = Long.MIN_VALUE;

    BroadcastGate(SubscriberRegistry registry, int capacity) {
        this.registry = registry;
        this.capacity = capacity;
    }

    @Override
    public boolean admits(long needed) {
        if (needed <= bound) {
            return true;
        }
        refresh();
        if (needed <= bound) {
            return true;
        }
        if (registry.releaseStalled(needed) > 0) {
            refresh();
        }
        return needed <= bound;
    }

    @Override
    public boolean wouldAdmit(long needed) {
        return needed <= registry.gatingPosition();
    }

    @Override
    public void beforeWrite(long start, long end) {
        long needed = end - capacity;
        if (registry.epoch() != epoch || needed > bound) {
            // a subscriber joined since the cached gate was read (or the range was not gated by
            // us: a dead producer's claim being repaired): wait until every subscriber allows it
            long since = System.nanoTime();
            for (int attempt = 0; ; attempt++) {
                refresh();
                if (needed <= bound) {
                    break;
                }
                registry.releaseStalled(needed);
                Deadline.backoff(since, attempt, Deadline.MAX_PARK_NANOS);
            }
        }
        registry.advanceRetained(needed, bound);
    }

    private void refresh() {
        // the epoch first: a join after this read is caught by beforeWrite()
        epoch = registry.epoch();
        bound = registry.gatingPosition();
    }
}
