package io.ipcring.ring.fanout;

import io.ipcring.ring.RingSlotsTakenException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The putting end of one {@link RingQueue} handle: its put lock, the producer slot it takes in
 * the file on its first put, its {@link ElementEncoder}, and the wait for room. One thread of the
 * handle puts at a time; a put that finds no room waits outside the lock (on the ring's futex),
 * so a waiting put never holds up a non-blocking {@code offer} of another thread.
 *
 * <p>Thread-safe.
 *
 * @param <E> the element type
 */
final class RingQueuePuts<E> {
    /** The message type of elements in the ring. */
    static final int ELEMENT_TYPE = 1;

    private final WorkQueueRing ring;
    private final RingQueueShape shape;
    private final RingQueueCalls calls;
    private final ElementEncoder<E> encoder;
    private final ReentrantLock putLock = new ReentrantLock();
    /** Taken on the first put; under the put lock, and read by {@link #close} once no call runs. */
    private WorkQueuePublisher publisher;

    /**
     * @param ring  the handle's ring
     * @param shape its dimensions
     * @param calls the handle's call count
     * @param codec turns elements into bytes
     */
    RingQueuePuts(WorkQueueRing ring, RingQueueShape shape, RingQueueCalls calls, ElementCodec<E> codec) {
        this.ring = ring;
        this.shape = shape;
        this.calls = calls;
        this.encoder = new ElementEncoder<>(codec, shape.maxElementLength);
    }

    /**
     * Puts an element if there is room now.
     *
     * @return false when the queue is full
     * @throws IllegalArgumentException when the codec announces a length outside
     *                                  [0, maxElementLength]; nothing is published then
     */
    boolean offer(E e) {
        Objects.requireNonNull(e);
        calls.enter();
        try {
            putLock.lock();
            try {
                return publish(e);
            } finally {
                putLock.unlock();
            }
        } finally {
            calls.exit();
        }
    }

    /**
     * Puts an element, waiting for room until {@code deadline}.
     *
     * @param deadline a {@link System#nanoTime()} instant, from {@link FanoutIdle#deadline}
     * @return false when the deadline passed first
     * @throws InterruptedException when the thread is interrupted before or while it waits
     */
    boolean offer(E e, long deadline) throws InterruptedException {
        Objects.requireNonNull(e);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        calls.enter();
        try {
            int length = encoder.length(e);
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (!putLock.tryLock(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                try {
                    if (publish(e)) {
                        return true;
                    }
                } finally {
                    putLock.unlock();
                }
                if (!publisher.awaitRoom(length, deadline)) {
                    return false;
                }
                calls.ensureOpen();
            }
        } finally {
            calls.exit();
        }
    }

    /** Gives the producer slot back, if a put took one; once no call of the handle runs. */
    void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    /**
     * Encodes the element into this handle's buffer, then publishes a copy: the codec never sees
     * the ring, and a codec that throws has claimed nothing. Under the put lock.
     */
    private boolean publish(E e) {
        int length = encoder.length(e);
        byte[] encoded = encoder.encode(e, length);
        return producer().offer(encoded, 0, length, ELEMENT_TYPE);
    }

    /** Under the put lock. */
    private WorkQueuePublisher producer() {
        if (publisher == null) {
            try {
                publisher = ring.queuePublisher();
            } catch (RingSlotsTakenException e) {
                throw shape.tooManyHandles("put", e);
            }
        }
        return publisher;
    }
}
