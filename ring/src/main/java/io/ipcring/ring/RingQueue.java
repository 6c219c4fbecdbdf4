package io.ipcring.ring;

import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A bounded {@link BlockingQueue} shared by processes: a {@link WorkQueueRing} file in which any
 * number of processes (and threads) put and take, with elements turned into bytes by a
 * {@link Codec}. It behaves like {@link java.util.concurrent.ArrayBlockingQueue} of the same
 * capacity: FIFO, nulls rejected with {@link NullPointerException}, {@code add} throws
 * {@link IllegalStateException} when full, {@code put}/{@code take} block and the timed
 * {@code offer}/{@code poll} wait up to their timeout (sleeping on a futex, not spinning), every
 * blocking method throws {@link InterruptedException} when the thread is interrupted before or
 * while it waits, and {@code drainTo} rejects a null or identical target.
 *
 * <pre>{@code
 * try (RingQueue<String> queue = RingQueue.open("orders", 1024, 256, StringCodec.INSTANCE)) {
 *     queue.put("hello");           // in one process
 *     String s = queue.take();      // in another
 * }
 * }</pre>
 *
 * <h2>Capacity and size</h2>
 * The capacity counts elements: {@link #remainingCapacity()} is the capacity minus
 * {@link #size()}. The size counts elements put and not yet taken, including one a taker in
 * another thread or process is decoding at that moment (and, transiently, elements taken behind
 * it); it is exact when no take runs concurrently. The file is sized for {@code capacity}
 * elements of {@code maxElementLength} encoded bytes; a larger element is rejected with
 * {@link IllegalArgumentException}.
 *
 * <h2>Unsupported and weakly consistent methods</h2>
 * {@link #remove(Object)}, {@link #removeAll}, {@link #retainAll}, {@link #removeIf} and the
 * iterator's {@code remove} throw {@link UnsupportedOperationException}: an element in the
 * middle of a shared ring cannot be taken out. {@link #iterator()}, {@link #contains},
 * {@link #toArray()} and {@link #toString()} work on a snapshot of the waiting elements (decoded
 * copies), weakly consistent like the concurrent collections' iterators. {@link #peek()} returns
 * a decoded copy of the oldest waiting element, which another consumer may take at any moment.
 *
 * <h2>Delivery across processes</h2>
 * An element is taken by exactly one {@code take}/{@code poll}/{@code drainTo}. If the taking
 * process dies in the middle of a take, the element is handed to another taker (see
 * {@link WorkQueueRing}): it is never lost, and is delivered twice only if the process died after
 * decoding it but before marking it taken. If the codec throws while decoding, the element stays
 * in the queue and the exception propagates.
 *
 * <h2>Allocation</h2>
 * Once warmed up, {@code offer}/{@code put} allocate nothing (the codec writes straight into the
 * ring) and {@code poll}/{@code take} allocate only the element the codec decodes (a
 * {@code byte[32]} from {@link ByteArrayCodec}: 48 bytes); waiting for room or for an element
 * allocates nothing either.
 *
 * <p>Thread-safe. {@link #close()} releases this process's slots and the mapping (the file stays);
 * other methods then throw {@link IllegalStateException}. Delete the file with
 * {@link SharedRegion#delete(Path)}.
 *
 * @param <E> the element type
 */
public final class RingQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, AutoCloseable {
    /** The message type of elements in the ring. */
    static final int ELEMENT_TYPE = 1;

    private final WorkQueueRing ring;
    private final Codec<E> codec;
    private final int capacity;
    private final int maxElementLength;
    private final ReentrantLock putLock = new ReentrantLock();
    private final ReentrantLock takeLock = new ReentrantLock();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;
    /** Encodes {@link #pending} in place; one object for the queue's life, so a put allocates nothing. */
    private final WorkQueuePublisher.PayloadWriter encoder = this::encodePending;
    /** Decodes into {@link #taken}; one object for the queue's life, so a take allocates only the element. */
    private final MessageHandler decoder = this::decodeTaken;
    private WorkQueuePublisher publisher;
    private WorkQueueConsumer consumer;
    /** The element being published; under the put lock. */
    private E pending;
    /** The element just decoded; under the take lock. */
    private E taken;

    private RingQueue(WorkQueueRing ring, Codec<E> codec) {
        this.ring = ring;
        this.codec = codec;
        this.capacity = (int) ring.options().maxMessages();
        this.maxElementLength = ring.options().maxMessageLength();
    }

    /**
     * Opens the queue in a file, creating it when there is none. Every process opening the same
     * file must pass the same capacity and maximum element length.
     *
     * @param path             the file (in /dev/shm or any file system that supports shared mappings)
     * @param capacity         the most elements the queue holds, positive
     * @param maxElementLength the largest encoded element in bytes
     * @param codec            turns elements into bytes and back
     * @param <E>              the element type
     * @return the queue
     * @throws IllegalArgumentException when an existing file has another capacity or length
     */
    public static <E> RingQueue<E> open(Path path, int capacity, int maxElementLength, Codec<E> codec) {
        Objects.requireNonNull(codec, "codec");
        return new RingQueue<>(WorkQueueRing.openOrCreate(path, WorkQueueRing.Options.forMessages(capacity, maxElementLength)),
                codec);
    }

    /**
     * Opens the queue by name; see {@link #open(Path, int, int, Codec)}.
     *
     * @param name             a file name in {@link SharedRegion#defaultDirectory()} or an absolute path
     * @param capacity         the most elements the queue holds, positive
     * @param maxElementLength the largest encoded element in bytes
     * @param codec            turns elements into bytes and back
     * @param <E>              the element type
     * @return the queue
     */
    public static <E> RingQueue<E> open(String name, int capacity, int maxElementLength, Codec<E> codec) {
        return open(SharedRegion.pathOf(name), capacity, maxElementLength, codec);
    }

    /** @throws IllegalArgumentException when the encoded element is larger than the maximum */
    @Override
    public boolean offer(E e) {
        Objects.requireNonNull(e);
        enter();
        try {
            putLock.lock();
            try {
                return publish(e);
            } finally {
                putLock.unlock();
            }
        } finally {
            exit();
        }
    }

    @Override
    public void put(E e) throws InterruptedException {
        offer(e, FanoutIdle.deadline(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return offer(e, FanoutIdle.deadline(timeout, unit));
    }

    @Override
    public E poll() {
        enter();
        try {
            takeLock.lock();
            try {
                return takeNow();
            } finally {
                takeLock.unlock();
            }
        } finally {
            exit();
        }
    }

    @Override
    public E take() throws InterruptedException {
        return poll(FanoutIdle.deadline(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return poll(FanoutIdle.deadline(timeout, unit));
    }

    /** @return a decoded copy of the oldest waiting element, or null when none is waiting */
    @Override
    public E peek() {
        List<E> first = snapshot(1);
        return first.isEmpty() ? null : first.get(0);
    }

    /** @return the elements put and not yet taken; see the class description */
    @Override
    public int size() {
        enter();
        try {
            return (int) Math.min(Integer.MAX_VALUE, ring.size());
        } finally {
            exit();
        }
    }

    @Override
    public int remainingCapacity() {
        return Math.max(0, capacity - size());
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    /**
     * Takes up to {@code maxElements} waiting elements into {@code c}, in order. If
     * {@code c.add} throws, the element it was given stays in this queue.
     */
    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c, "c");
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        if (maxElements <= 0) {
            return 0;
        }
        enter();
        try {
            takeLock.lock();
            try {
                WorkQueueConsumer taker = consumer();
                MessageHandler into = (type, buffer, offset, length) -> c.add(decode(buffer, offset, length));
                int drained = 0;
                while (drained < maxElements && taker.poll(into, 1) == 1) {
                    drained++;
                }
                return drained;
            } finally {
                takeLock.unlock();
            }
        } finally {
            exit();
        }
    }

    /** @return an iterator over a snapshot of the waiting elements; its {@code remove} is unsupported */
    @Override
    public Iterator<E> iterator() {
        return Collections.unmodifiableList(snapshot(Integer.MAX_VALUE)).iterator();
    }

    /** @return true when a waiting element equals {@code o} (in a snapshot); false for null */
    @Override
    public boolean contains(Object o) {
        return o != null && snapshot(Integer.MAX_VALUE).contains(o);
    }

    /** @throws UnsupportedOperationException always: an element cannot be taken out of the middle of the ring */
    @Override
    public boolean remove(Object o) {
        throw new UnsupportedOperationException("RingQueue cannot remove an element from the middle of a shared ring");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public boolean removeAll(Collection<?> c) {
        throw new UnsupportedOperationException("RingQueue cannot remove elements from the middle of a shared ring");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public boolean retainAll(Collection<?> c) {
        throw new UnsupportedOperationException("RingQueue cannot remove elements from the middle of a shared ring");
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        throw new UnsupportedOperationException("RingQueue cannot remove elements from the middle of a shared ring");
    }

    /** @return the ring file's counters */
    public WorkQueueRing.Stats stats() {
        enter();
        try {
            return ring.stats();
        } finally {
            exit();
        }
    }

    /** @return the queue's file */
    public Path path() {
        return ring.path();
    }

    /**
     * Waits for the methods running in other threads to return (blocked ones notice within
     * {@link FanoutIdle#HOUSEKEEPING_SLICE_NANOS} and throw {@link IllegalStateException}), gives
     * back this process's producer and consumer slots and unmaps the file. The file stays.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long since = System.nanoTime();
        while (active.get() > 0 && ring.worthWaitingForCallers(since)) {
            LockSupport.parkNanos(1_000_000L);
        }
        if (publisher != null) {
            publisher.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        ring.close();
    }

    /** @return the path, the capacity and the waiting elements (a snapshot), or "closed" */
    @Override
    public String toString() {
        return "RingQueue[" + ring.path() + ", capacity=" + capacity + "]" + (closed ? " closed" : super.toString());
    }

    private boolean offer(E e, long deadline) throws InterruptedException {
        Objects.requireNonNull(e);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        enter();
        try {
            int length = encodedLength(e);
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
                ensureOpen();
            }
        } finally {
            exit();
        }
    }

    private E poll(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        enter();
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
                ensureOpen();
            }
        } finally {
            exit();
        }
    }

    /** Under the put lock. */
    private boolean publish(E e) {
        int length = encodedLength(e);
        pending = e;
        try {
            return producer().offer(length, ELEMENT_TYPE, encoder);
        } finally {
            pending = null;
        }
    }

    /** Under the put lock, called back by {@link #publish}. */
    private void encodePending(ByteBuffer buffer, int offset) {
        codec.encode(pending, buffer, offset);
    }

    /** Under the take lock. */
    private E takeNow() {
        if (consumer().poll(decoder, 1) == 0) {
            return null;
        }
        E element = taken;
        taken = null;
        return element;
    }

    /** Under the take lock, called back by {@link #takeNow}. */
    private void decodeTaken(int type, ByteBuffer buffer, int offset, int length) {
        taken = decode(buffer, offset, length);
    }

    private int encodedLength(E e) {
        int length = codec.encodedLength(e);
        if (length < 0 || length > maxElementLength) {
            throw new IllegalArgumentException("element encodes to length=" + length + " bytes, outside [0, maxElementLength="
                    + maxElementLength + "]");
        }
        return length;
    }

    private E decode(ByteBuffer buffer, int offset, int length) {
        E element = codec.decode(buffer, offset, length);
        if (element == null) {
            throw new IllegalStateException("codec " + codec.getClass().getName() + " decoded " + length + " bytes to null");
        }
        return element;
    }

    private List<E> snapshot(int limit) {
        enter();
        try {
            List<E> elements = new ArrayList<>();
            ring.records().forEachWaiting((type, buffer, offset, length) -> elements.add(decode(buffer, offset, length)), limit);
            return elements;
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            exit();
        }
    }

    private WorkQueuePublisher producer() {
        if (publisher == null) {
            publisher = ring.publisher();
        }
        return publisher;
    }

    private WorkQueueConsumer consumer() {
        if (consumer == null) {
            consumer = ring.consumer();
        }
        return consumer;
    }

    private void enter() {
        active.incrementAndGet();
        if (closed) {
            active.decrementAndGet();
            throw new IllegalStateException("RingQueue " + ring.path() + " is closed");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("RingQueue " + ring.path() + " is closed");
        }
    }

    private void exit() {
        active.decrementAndGet();
    }
}
