package io.ipcring.stress;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broadcast and work-queue rings for jcstress states, leased from pools exactly like
 * {@link StressRings} (an idle ring or a new one; drained at lease; released by the state's
 * arbiter). The broadcast rings' liveness timeout is an hour, so a subscriber that sits in the
 * pool is never released for not polling.
 */
public final class StressFanoutRings {
    /** Data capacity: the smallest these rings allow. */
    public static final int CAPACITY = 1024;
    /** Largest payload. */
    public static final int MAX_MESSAGE = 24;

    private static final AtomicLong NEXT = new AtomicLong();
    private static final Queue<Broadcast> IDLE_BROADCAST = new ConcurrentLinkedQueue<>();
    private static final Queue<WorkQueue> IDLE_WORK_QUEUE = new ConcurrentLinkedQueue<>();
    private static final MessageHandler IGNORE = (type, buffer, offset, length) -> { };

    private StressFanoutRings() {
    }

    /** @return an empty broadcast ring with a publisher and two attached subscribers, "a" and "b" */
    public static Broadcast broadcast() {
        Broadcast lease = IDLE_BROADCAST.poll();
        if (lease == null) {
            Path path = nextPath("broadcast");
            BroadcastRing ring = BroadcastRing.create(path, BroadcastRingOptions.defaults().capacity(CAPACITY)
                    .maxMessageLength(MAX_MESSAGE).producerSlots(2).subscriberSlots(2).livenessTimeout(1, TimeUnit.HOURS));
            SharedRegion.delete(path);
            lease = new Broadcast(ring.publisher(), ring.subscribe("a", BroadcastRing.StartPosition.LATEST),
                    ring.subscribe("b", BroadcastRing.StartPosition.LATEST));
        }
        drain(lease.a);
        drain(lease.b);
        return lease;
    }

    /** @return an empty work-queue ring with a publisher and two consumers */
    public static WorkQueue workQueue() {
        WorkQueue lease = IDLE_WORK_QUEUE.poll();
        if (lease == null) {
            Path path = nextPath("work-queue");
            WorkQueueRing ring = WorkQueueRing.create(path, WorkQueueRingOptions.defaults().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE)
                    .producerSlots(2).consumerSlots(2));
            SharedRegion.delete(path);
            lease = new WorkQueue(ring.publisher(), ring.consumer(), ring.consumer());
        }
        drain(lease.first);
        drain(lease.second);
        return lease;
    }

    private static void drain(Subscriber subscriber) {
        for (int i = 0; i < CAPACITY && subscriber.poll(IGNORE, CAPACITY) > 0; i++) {
            Thread.onSpinWait();
        }
    }

    private static Path nextPath(String kind) {
        return Paths.get("/dev/shm", "ipcring-jcstress-" + kind + "-" + ProcessHandle.current().pid() + "-"
                + NEXT.incrementAndGet());
    }

    /** A broadcast ring leased by one state. */
    public static final class Broadcast {
        /** The publisher. */
        public final Publisher publisher;
        /** Subscriber "a". */
        public final Subscriber a;
        /** Subscriber "b". */
        public final Subscriber b;

        private Broadcast(Publisher publisher, Subscriber a, Subscriber b) {
            this.publisher = publisher;
            this.a = a;
            this.b = b;
        }

        /** Returns the ring to the pool; only from the state's arbiter. */
        public void release() {
            IDLE_BROADCAST.add(this);
        }
    }

    /** A work-queue ring leased by one state. */
    public static final class WorkQueue {
        /** The publisher. */
        public final Publisher publisher;
        /** The first consumer. */
        public final Subscriber first;
        /** The second consumer. */
        public final Subscriber second;

        private WorkQueue(Publisher publisher, Subscriber first, Subscriber second) {
            this.publisher = publisher;
            this.first = first;
            this.second = second;
        }

        /** Returns the ring to the pool; only from the state's arbiter. */
        public void release() {
            IDLE_WORK_QUEUE.add(this);
        }
    }
}
