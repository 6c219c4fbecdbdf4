package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingSlotsTakenException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The taking end of one {@link RingQueue} handle: its take lock, the consumer slot it takes in
 * the file on its first take, its {@link TakenElement}, and the wait for an element. One thread
 * of the handle takes at a time; a take that finds nothing waits outside the lock (on the ring's
 * futex).
 *
 * <p>Thread-safe.
 *
 * @param <E> the element type
 */
final class RingQueueTakes<E> {
    /** Takes records without decoding them, for {@link #clear()}. */
    private static final MessageHandler DISCARD = (type, buffer, offset, length) -> { };

    private final WorkQueueRing ring;
    private final RingQueueShape shape;
    private final RingQueueCalls calls;
    /** Copies a taken element out of the ring and decodes it; one object, so a take allocates only the element's bytes. */
    private final TakenElement<E> taken;
    private final ReentrantLock takeLock = new ReentrantLock();
    /** Taken on the first take; under the take lock, and read by {@link #close} once no call runs. */
    private WorkQueueConsumer consumer;

    /**
     * @param ring    the handle's ring
     * @param shape   its dimensions
     * @param calls   the handle's call count
     * @param decoder decodes the elements taken
     */
    RingQueueTakes(WorkQueueRing ring, RingQueueShape shape, RingQueueCalls calls, ElementDecoder<E> decoder) {
        this.ring = ring;
        this.shape = shape;
        this.calls = calls;
        this.taken = new TakenElement<>(decoder);
    }

    /**
     * @return the oldest waiting element, taken, or null when none is waiting
     * @throws UndecodableElementException when the codec failed on the element, which is taken
     */
    E poll() {
        calls.enter();
        try {
            takeLock.lock();
            try {
                return takeNow();
            } finally {
                takeLock.unlock();
            }
        } finally {
            calls.exit();
        }
    }

    /**
     * Takes the oldest element, waiting for one until {@code deadline}.
     *
     * @param deadline a {@link System#nanoTime()} instant, from {@link FanoutIdle#deadline}
     * @return the element, or null when the deadline passed first
     * @throws InterruptedException        when the thread is interrupted before or while it waits
     * @throws UndecodableElementException when the codec failed on the element, which is taken
     */
    E poll(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        calls.enter();
        try {
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (!takeLock.tryLock(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                    return null;
                }
                try {
                    E element = takeNow();
                    if (element != null) {
                        return element;
                    }
                } finally {
                    takeLock.unlock();
                }
                if (!consumer.awaitMessage(deadline)) {
                    return null;
                }
                calls.ensureOpen();
            }
        } finally {
            calls.exit();
        }
    }

    /**
     * Takes up to {@code maxElements} waiting elements into {@code c}, in order, adding each
     * while its record is claimed: if {@code c.add} throws, the element stays in the queue.
     *
     * @param c           the target, not null and not the queue
     * @param maxElements the most to take, positive
     * @return how many were taken
     * @throws UndecodableElementException when the codec failed on an element: it is taken, the
     *                                     elements before it are in {@code c}
     */
    int drainTo(Collection<? super E> c, int maxElements) {
        calls.enter();
        try {
            takeLock.lock();
            try {
                WorkQueueConsumer from = consumer();
                MessageHandler into = (type, buffer, offset, length) -> {
                    E element = taken.decodeCopy(buffer, offset, length);
                    if (element != null) {
                        c.add(element);
                    }
                };
                int drained = 0;
                while (drained < maxElements && from.poll(into, 1) == 1) {
                    taken.throwIfUndecodable();
                    drained++;
                }
                return drained;
            } finally {
                takeLock.unlock();
            }
        } finally {
            calls.exit();
        }
    }

    /** Takes every waiting element out, without decoding (so elements the codec fails on go too). */
    void clear() {
        calls.enter();
        try {
            takeLock.lock();
            try {
                // until one poll finds fewer than a full queue: elements put meanwhile may stay
                WorkQueueConsumer from = consumer();
                while (from.poll(DISCARD, shape.capacity) == shape.capacity) {
                    calls.ensureOpen();
                }
            } finally {
                takeLock.unlock();
            }
        } finally {
            calls.exit();
        }
    }

    /** Gives the consumer slot back, if a take took one; once no call of the handle runs. */
    void close() {
        if (consumer != null) {
            consumer.close();
        }
    }

    /** Under the take lock. */
    private E takeNow() {
        if (consumer().poll(taken, 1) == 0) {
            return null;
        }
        return taken.collect();
    }

    /** Under the take lock. */
    private WorkQueueConsumer consumer() {
        if (consumer == null) {
            try {
                consumer = ring.queueConsumer();
            } catch (RingSlotsTakenException e) {
                throw shape.tooManyHandles("take", e);
            }
        }
        return consumer;
    }
}
