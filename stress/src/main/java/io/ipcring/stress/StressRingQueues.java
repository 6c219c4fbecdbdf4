package io.ipcring.stress;

import io.ipcring.ring.fanout.FanoutFormats;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RingQueue} files for jcstress states, leased from a pool like {@link StressRings}: two
 * handles on one file (a taker and a remover, as two processes would hold them) and a raw mapping
 * of the file for the broken twins, all opened before the file is deleted. Emptied at lease;
 * released by the state's arbiter.
 */
public final class StressRingQueues {
    /** The queue's capacity in elements. */
    public static final int CAPACITY = 4;
    /** The largest encoded element. */
    public static final int MAX_ELEMENT = 8;

    private static final AtomicLong NEXT = new AtomicLong();
    private static final Queue<Lease> IDLE = new ConcurrentLinkedQueue<>();

    private StressRingQueues() {
    }

    /** @return an empty queue with two handles and a raw mapping */
    public static Lease lease() {
        Lease lease = IDLE.poll();
        if (lease == null) {
            Path path = Paths.get("/dev/shm", "ipcring-jcstress-queue-" + ProcessHandle.current().pid() + "-"
                    + NEXT.incrementAndGet());
            RingQueue<String> taker = RingQueue.open(path, CAPACITY, MAX_ELEMENT, StringCodec.INSTANCE);
            RingQueue<String> remover = RingQueue.open(path, CAPACITY, MAX_ELEMENT, StringCodec.INSTANCE);
            SharedRegion raw = SharedRegion.open(path, FanoutFormats.WORK_QUEUE);
            SharedRegion.delete(path);
            lease = new Lease(taker, remover, raw.memory());
        }
        lease.taker.clear();
        return lease;
    }

    /** A queue leased by one state. */
    public static final class Lease {
        /** The handle that takes. */
        public final RingQueue<String> taker;
        /** The handle that removes. */
        public final RingQueue<String> remover;
        /** A raw mapping of the file, for the broken twins. */
        public final MappedMemory raw;

        private Lease(RingQueue<String> taker, RingQueue<String> remover, MappedMemory raw) {
            this.taker = taker;
            this.remover = remover;
            this.raw = raw;
        }

        /** Returns the queue to the pool; only from the state's arbiter. */
        public void release() {
            IDLE.add(this);
        }
    }
}
