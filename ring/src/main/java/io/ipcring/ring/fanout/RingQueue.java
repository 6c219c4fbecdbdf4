package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A bounded {@link BlockingQueue} shared by processes: a {@link WorkQueueRing} file in which up
 * to {@link #maxHandles()} open handles (in any processes and threads) put and take, with
 * elements turned into bytes by a {@link ElementCodec}. It behaves like
 * {@link java.util.concurrent.ArrayBlockingQueue} of the same capacity: FIFO, nulls rejected with
 * {@link NullPointerException}, {@code add} throws {@link IllegalStateException} when full,
 * {@code put}/{@code take} block and the timed {@code offer}/{@code poll} wait up to their timeout
 * (sleeping on a futex, not spinning), every blocking method throws {@link InterruptedException}
 * when the thread is interrupted before or while it waits, {@code drainTo} rejects a null or
 * identical target, and {@link #remove(Object)}, {@code removeAll}, {@code retainAll},
 * {@code removeIf} and the iterator's {@code remove} take elements out of the middle.
 *
 * <pre>{@code
 * try (RingQueue<String> queue = RingQueue.open("orders", 1024, 256, StringCodec.INSTANCE)) {
 *     queue.put("hello");           // in one process
 *     String s = queue.take();      // in another
 * }
 * }</pre>
 *
 * <h2>Capacity, size and the ring</h2>
 * The capacity counts elements, whatever their encoded length: it is stored in the file as the
 * work queue's message bound, and the ring's data area is the smallest power of two that holds
 * {@code capacity + 2} records of the largest element ({@value WorkQueueRingDescriptor#RECORD_HEADER_LENGTH}
 * bytes of header plus {@code maxElementLength}, rounded up to
 * {@value WorkQueueRingDescriptor#RECORD_ALIGNMENT}), so {@code capacity} elements always fit. A
 * capacity whose ring would exceed {@value RingGeometry#MAX_CAPACITY} bytes is refused
 * with the largest one that fits ({@link WorkQueueRingOptions#maxMessagesFor}).
 * <ul>
 *   <li>{@link #size()} counts the elements put and neither taken nor removed (including one a
 *       taker in another thread or process is copying out at that moment); it walks the ring, so
 *       it takes time proportional to the elements in it, like {@code ConcurrentLinkedQueue}'s.</li>
 *   <li>{@link #remainingCapacity()} is how many elements an {@code offer} could add now: the
 *       capacity minus the records the ring still holds. An element removed from the middle
 *       leaves {@code size()} at once but gives its room back only when every element before it
 *       is taken or removed (the ring is reclaimed in order), so until then
 *       {@code size() + remainingCapacity()} is below the capacity.</li>
 * </ul>
 *
 * <h2>Iteration and removal</h2>
 * {@link #iterator()}, {@link #contains}, {@link #toArray()} and {@link #toString()}
 * ({@code [e1, e2]}) work on a snapshot of the waiting elements (decoded copies), weakly
 * consistent like {@code ArrayBlockingQueue}'s iterators: never
 * {@link java.util.ConcurrentModificationException}. The iterator's {@code remove} takes out the
 * very element it returned, with one compare-and-set of the record's state word that races the
 * takers' claim of it, so exactly one of them gets it; an element a taker got first is simply no
 * longer removable (the call does nothing), as in {@code ArrayBlockingQueue}.
 * {@link #remove(Object)} removes the oldest waiting element equal to the argument;
 * {@code removeAll}, {@code retainAll} and {@code removeIf} remove through the iterator. Elements
 * being taken at that moment by another handle are not seen.
 *
 * <h2>Delivery across processes</h2>
 * An element is taken by exactly one {@code take}/{@code poll}/{@code drainTo}, or removed. If the
 * taking process dies in the middle of a take, the element is handed to another taker (see
 * {@link WorkQueueRing}): it is never lost, and is delivered twice only if the process died after
 * decoding it but before marking it taken.
 *
 * <h2>An element the codec cannot decode</h2>
 * {@code poll}, {@code take} and {@code drainTo} take it out of the queue and throw
 * {@link UndecodableElementException} (with a copy of its bytes and the codec's exception), so the
 * next call goes on with the next element; the elements {@code drainTo} moved before it stay in
 * the target. {@link #peek()} throws the same exception and leaves the element where it is. The
 * snapshot methods (iteration, {@code contains}, {@code toArray}, {@code toString},
 * {@code remove(Object)} and the bulk removals) leave such elements out; {@link #clear()} removes
 * them with the others, without decoding anything.
 *
 * <h2>Allocation</h2>
 * Once warmed up, {@code offer}/{@code put} allocate nothing (the codec encodes into a buffer of
 * this handle, reused) and {@code poll}/{@code take} allocate the element's bytes (a fresh array
 * and its {@link ByteBuffer}: see {@link ElementCodec#decode}) and whatever the codec allocates; waiting
 * for room or for an element allocates nothing either.
 *
 * <h2>Blocked threads</h2>
 * A thread blocked in {@code put}, {@code take} or a timed {@code offer}/{@code poll} sleeps in
 * the kernel (a futex wait in native code), so thread dumps show it {@code RUNNABLE}, not
 * {@code WAITING}; its stack names {@code FutexCondition}. It does not park in Java even when the
 * thread that wakes it is in the same process: the waker cannot tell where its waiters are, and a
 * second way to wake would have to be kept in step with the futex for no gain in latency.
 *
 * <p>Thread-safe. {@link #close()} releases this handle's slots and the mapping (the file stays);
 * other methods then throw {@link IllegalStateException}. Delete the file with
 * {@link SharedRegion#delete(Path)}.
 *
 * @param <E> the element type
 */
public final class RingQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, AutoCloseable {
    /** The message type of elements in the ring. */
    static final int ELEMENT_TYPE = 1;
    /**
     * The handles a new file makes room for, when {@link #open(Path, int, int, ElementCodec)} creates it:
     * each costs 256 bytes of file (a producer and a consumer slot) and a little time when a handle
     * first puts or takes (slots are searched in turn).
     */
    public static final int DEFAULT_MAX_HANDLES = 64;
    /** The most handles a file can make room for. */
    public static final int MAX_HANDLES = RingGeometry.MAX_SLOTS;
    /** The largest {@code maxElementLength}: eight such records fill the largest ring. */
    public static final int MAX_ELEMENT_LENGTH = RingGeometry.MAX_CAPACITY / 8
            - WorkQueueRingDescriptor.RECORD_HEADER_LENGTH;

    private final WorkQueueRing ring;
    private final ElementCodec<E> codec;
    private final int capacity;
    private final int maxElementLength;
    private final int maxHandles;
    private final ReentrantLock putLock = new ReentrantLock();
    private final ReentrantLock takeLock = new ReentrantLock();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;
    /** Copies a taken element out of the ring and decodes it; one object, so a take allocates only the element's bytes. */
    private final MessageHandler taker = this::takeElement;
    /** Takes records without decoding them, for {@link #clear()}. */
    private static final MessageHandler DISCARD = (type, buffer, offset, length) -> { };
    private WorkQueuePublisher publisher;
    private WorkQueueConsumer consumer;
    /** What the codec encodes into, grown as needed up to maxElementLength; under the put lock. */
    private byte[] encoded = new byte[0];
    /** A view of {@link #encoded} handed to the codec; under the put lock. */
    private ByteBuffer encodeBuffer = ByteBuffer.wrap(encoded);
    /** The element just decoded; under the take lock. */
    private E taken;
    /** The bytes of an element the codec failed on, with {@link #undecodableCause}; under the take lock. */
    private byte[] undecodable;
    private RuntimeException undecodableCause;

    private RingQueue(WorkQueueRing ring, ElementCodec<E> codec) {
        this.ring = ring;
        this.codec = codec;
        WorkQueueRingOptions options = ring.options();
        this.capacity = (int) options.maxMessages();
        this.maxElementLength = options.maxMessageLength();
        this.maxHandles = Math.min(options.producerSlots(), options.consumerSlots());
    }

    /**
     * Opens the queue in a file, creating it (with room for {@value #DEFAULT_MAX_HANDLES} handles)
     * when there is none. Every process opening the same file must pass the same capacity and
     * maximum element length.
     *
     * @param path             the file (in /dev/shm or any file system that supports shared mappings)
     * @param capacity         the most elements the queue holds, positive
     * @param maxElementLength the largest encoded element in bytes, in [0, {@value #MAX_ELEMENT_LENGTH}]
     * @param codec            turns elements into bytes and back
     * @param <E>              the element type
     * @return the queue
     * @throws IllegalArgumentException when a value cannot be honoured (the message names the
     *                                  largest that can), or an existing file has another
     *                                  capacity or maximum element length
     */
    public static <E> RingQueue<E> open(Path path, int capacity, int maxElementLength, ElementCodec<E> codec) {
        return open(path, capacity, maxElementLength, DEFAULT_MAX_HANDLES, codec);
    }

    /**
     * Opens the queue in a file, creating it when there is none. Each open handle that has put
     * holds one producer slot of the file and each that has taken one consumer slot, until it is
     * closed or its process dies; the file has {@code maxHandles} of each. An existing file keeps
     * the number it was created with ({@link #maxHandles()}).
     *
     * @param path             the file (in /dev/shm or any file system that supports shared mappings)
     * @param capacity         the most elements the queue holds, positive
     * @param maxElementLength the largest encoded element in bytes, in [0, {@value #MAX_ELEMENT_LENGTH}]
     * @param maxHandles       when creating the file: the most handles that may put (and take) at
     *                         once, in [1, {@value #MAX_HANDLES}]
     * @param codec            turns elements into bytes and back
     * @param <E>              the element type
     * @return the queue
     * @throws IllegalArgumentException when a value cannot be honoured (the message names the
     *                                  largest that can), or an existing file has another
     *                                  capacity or maximum element length
     */
    public static <E> RingQueue<E> open(Path path, int capacity, int maxElementLength, int maxHandles, ElementCodec<E> codec) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(codec, "codec");
        WorkQueueRingOptions options = options(capacity, maxElementLength, maxHandles);
        WorkQueueRing ring = WorkQueueRing.openOrCreateAsFound(path, options);
        WorkQueueRingOptions found = ring.options();
        if (found.maxMessages() != capacity || found.maxMessageLength() != maxElementLength
                || found.capacity() != options.capacity()) {
            ring.close();
            throw new IllegalArgumentException(path + ": the file holds a queue of " + shape(found)
                    + ", opened with capacity=" + capacity + " maxElementLength=" + maxElementLength
                    + ": every process must open it with the same values");
        }
        return new RingQueue<>(ring, codec);
    }

    /**
     * Opens the queue by name; see {@link #open(Path, int, int, ElementCodec)}.
     *
     * @param name             a file name in {@link SharedRegion#defaultDirectory()} or an absolute path
     * @param capacity         the most elements the queue holds, positive
     * @param maxElementLength the largest encoded element in bytes
     * @param codec            turns elements into bytes and back
     * @param <E>              the element type
     * @return the queue
     */
    public static <E> RingQueue<E> open(String name, int capacity, int maxElementLength, ElementCodec<E> codec) {
        return open(SharedRegion.pathOf(name), capacity, maxElementLength, codec);
    }

    /**
     * @throws IllegalArgumentException when the codec announces a length outside
     *                                  [0, maxElementLength]; nothing is published then
     */
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

    /** @throws UndecodableElementException when the codec failed on the element, which is taken */
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

    /** @throws UndecodableElementException when the codec failed on the element, which is taken */
    @Override
    public E take() throws InterruptedException {
        return poll(FanoutIdle.deadline(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
    }

    /** @throws UndecodableElementException when the codec failed on the element, which is taken */
    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return poll(FanoutIdle.deadline(timeout, unit));
    }

    /**
     * @return a decoded copy of the oldest waiting element (another handle may take it at any
     *         moment), or null when none is waiting
     * @throws UndecodableElementException when the codec fails on it; it stays in the queue
     */
    @Override
    public E peek() {
        enter();
        try {
            List<E> first = new ArrayList<>(1);
            ring.records().forEachWaiting((position, type, payload) -> first.add(decodeOrThrow(payload)), 1);
            ring.checkFile(); // an empty look at a truncated file is no answer
            return first.isEmpty() ? null : first.get(0);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            exit();
        }
    }

    /** @return the elements put and neither taken nor removed; see the class description */
    @Override
    public int size() {
        enter();
        try {
            long count = ring.records().countNotDone();
            ring.checkFile(); // a count of a truncated file's zeros is no count
            return (int) Math.min(Integer.MAX_VALUE, count);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            exit();
        }
    }

    /** @return how many elements an offer could add now; see the class description */
    @Override
    public int remainingCapacity() {
        enter();
        try {
            // over done records at the head first, as an offer at the bound does
            ring.records().advanceReclaim();
            long size = ring.size();
            ring.checkFile(); // room counted in a truncated file's zeros is no room
            return (int) Math.max(0, capacity - size);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            exit();
        }
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    /**
     * Takes up to {@code maxElements} waiting elements into {@code c}, in order. If
     * {@code c.add} throws, the element it was given stays in this queue.
     *
     * @throws UndecodableElementException when the codec failed on an element: it is taken, the
     *                                     elements before it are in {@code c}
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
                WorkQueueConsumer from = consumer();
                MessageHandler into = (type, buffer, offset, length) -> {
                    E element = decodeCopy(buffer, offset, length);
                    if (element != null) {
                        c.add(element);
                    }
                };
                int drained = 0;
                while (drained < maxElements && from.poll(into, 1) == 1) {
                    throwIfUndecodable();
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

    /** Takes every waiting element out, without decoding (so elements the codec fails on go too). */
    @Override
    public void clear() {
        enter();
        try {
            takeLock.lock();
            try {
                // until one poll finds fewer than a full queue: elements put meanwhile may stay
                WorkQueueConsumer from = consumer();
                while (from.poll(DISCARD, capacity) == capacity) {
                    ensureOpen();
                }
            } finally {
                takeLock.unlock();
            }
        } finally {
            exit();
        }
    }

    /**
     * @return an iterator over a snapshot of the waiting elements (leaving out those the codec
     *         fails on); its {@code remove} takes the element it returned out of the queue unless a
     *         taker got it first
     */
    @Override
    public Iterator<E> iterator() {
        return new Snapshot(snapshot());
    }

    /** @return true when a waiting element equals {@code o} (in a snapshot); false for null */
    @Override
    public boolean contains(Object o) {
        if (o == null) {
            return false;
        }
        for (Waiting<E> w : snapshot()) {
            if (o.equals(w.element)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the oldest waiting element equal to {@code o}; if a taker gets it first, the next
     * equal one.
     *
     * @return true when this call removed an element; false for null
     */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        for (Waiting<E> w : snapshot()) {
            if (o.equals(w.element) && removeAt(w.position)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the waiting elements (of a snapshot) that match; those a taker gets first stay taken.
     *
     * @return true when this call removed at least one element
     * @throws NullPointerException when {@code filter} is null, before anything else
     */
    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        boolean removed = false;
        for (Waiting<E> w : snapshot()) {
            if (filter.test(w.element) && removeAt(w.position)) {
                removed = true;
            }
        }
        return removed;
    }

    /**
     * @return true when this call removed at least one element
     * @throws NullPointerException when {@code c} is null, before anything else
     */
    @Override
    public boolean removeAll(Collection<?> c) {
        Objects.requireNonNull(c, "c");
        return removeIf(c::contains);
    }

    /**
     * @return true when this call removed at least one element
     * @throws NullPointerException when {@code c} is null, before anything else
     */
    @Override
    public boolean retainAll(Collection<?> c) {
        Objects.requireNonNull(c, "c");
        return removeIf(e -> !c.contains(e));
    }

    /** @return the waiting elements, oldest first (a snapshot) */
    @Override
    public Object[] toArray() {
        return elements().toArray();
    }

    /** @return the waiting elements, oldest first (a snapshot) */
    @Override
    public <T> T[] toArray(T[] a) {
        return elements().toArray(a);
    }

    /** @return the ring file's counters */
    public WorkQueueRingStats stats() {
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

    /** @return how many handles may put (and take) on this file at once, as stored in it */
    public int maxHandles() {
        return maxHandles;
    }

    /** @return the file, the capacity, the maximum element length, the handles, and whether this handle is closed */
    public String describe() {
        return "RingQueue[" + ring.path() + ", capacity=" + capacity + ", maxElementLength=" + maxElementLength
                + ", maxHandles=" + maxHandles + (closed ? ", closed]" : "]");
    }

    /**
     * Waits for the methods running in other threads to return (blocked ones notice within
     * {@link FanoutIdle#HOUSEKEEPING_SLICE_NANOS} and throw {@link IllegalStateException}), gives
     * back this handle's producer and consumer slots and unmaps the file. The file stays.
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

    private static WorkQueueRingOptions options(int capacity, int maxElementLength, int maxHandles) {
        if (maxElementLength < 0 || maxElementLength > MAX_ELEMENT_LENGTH) {
            throw new IllegalArgumentException("maxElementLength=" + maxElementLength + " must be in [0, "
                    + MAX_ELEMENT_LENGTH + "]");
        }
        int largest = WorkQueueRingOptions.maxMessagesFor(maxElementLength);
        if (capacity <= 0 || capacity > largest) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be in [1, " + largest
                    + "] for maxElementLength=" + maxElementLength + " (capacity + 2 records of "
                    + WorkQueueRingDescriptor.recordLength(maxElementLength) + " bytes must fit in a ring of at most "
                    + RingGeometry.MAX_CAPACITY + " bytes)");
        }
        if (maxHandles < 1 || maxHandles > MAX_HANDLES) {
            throw new IllegalArgumentException("maxHandles=" + maxHandles + " must be in [1, " + MAX_HANDLES + "]");
        }
        return WorkQueueRingOptions.forMessages(capacity, maxElementLength).producerSlots(maxHandles)
                .consumerSlots(maxHandles);
    }

    private static String shape(WorkQueueRingOptions options) {
        return "capacity=" + options.maxMessages() + " maxElementLength=" + options.maxMessageLength()
                + " (a ring of " + options.capacity() + " bytes)";
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

    /**
     * Encodes the element into this handle's buffer, then publishes a copy: the codec never sees
     * the ring, and a codec that throws has claimed nothing. Under the put lock.
     */
    private boolean publish(E e) {
        int length = encodedLength(e);
        if (encoded.length < length) {
            encoded = new byte[(int) Math.min(maxElementLength, Math.max(length, 2L * encoded.length))];
            encodeBuffer = ByteBuffer.wrap(encoded);
        }
        // zero-filled, so a codec that writes less than it announced publishes zeros, never an
        // earlier element's bytes; position, limit and order reset, whatever the last codec call did
        Arrays.fill(encoded, 0, length, (byte) 0);
        encodeBuffer.clear().limit(length);
        codec.encode(e, encodeBuffer.order(ByteOrder.LITTLE_ENDIAN), 0);
        return producer().offer(encoded, 0, length, ELEMENT_TYPE);
    }

    /** Under the take lock. */
    private E takeNow() {
        if (consumer().poll(taker, 1) == 0) {
            return null;
        }
        throwIfUndecodable();
        E element = taken;
        taken = null;
        return element;
    }

    /** Under the take lock, called back by {@link #takeNow} while the record is claimed. */
    private void takeElement(int type, ByteBuffer buffer, int offset, int length) {
        taken = decodeCopy(buffer, offset, length);
    }

    /**
     * Copies an element out of the ring and decodes the copy. Returns normally when the codec
     * fails (so the record is taken) and leaves the failure for {@link #throwIfUndecodable}.
     * Under the take lock, inside the consumer's handler.
     *
     * @return the element, or null when the codec failed on it
     */
    private E decodeCopy(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes, 0, length);
        try {
            E element = decode(bytes);
            if (element == null) {
                undecodable = bytes;
            }
            return element;
        } catch (RuntimeException e) {
            undecodable = bytes;
            undecodableCause = e;
            return null;
        }
    }

    /** Under the take lock, after a record was taken. */
    private void throwIfUndecodable() {
        byte[] bytes = undecodable;
        if (bytes != null) {
            RuntimeException cause = undecodableCause;
            undecodable = null;
            undecodableCause = null;
            throw new UndecodableElementException(ring.path(), bytes, cause);
        }
    }

    private int encodedLength(E e) {
        int length = codec.encodedLength(e);
        if (length < 0 || length > maxElementLength) {
            throw new IllegalArgumentException("element encodes to length=" + length + " bytes, outside [0, maxElementLength="
                    + maxElementLength + "]");
        }
        return length;
    }

    /** Decodes a private copy of an element's bytes, which the codec may keep. */
    private E decode(byte[] bytes) {
        return codec.decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0, bytes.length);
    }

    private E decodeOrThrow(byte[] bytes) {
        E element;
        try {
            element = decode(bytes);
        } catch (RuntimeException e) {
            throw new UndecodableElementException(ring.path(), bytes, e);
        }
        if (element == null) {
            throw new UndecodableElementException(ring.path(), bytes, null);
        }
        return element;
    }

    /** @return the waiting elements the codec decodes, with their positions, oldest first */
    private List<Waiting<E>> snapshot() {
        enter();
        try {
            List<Waiting<E>> elements = new ArrayList<>();
            ring.records().forEachWaiting((position, type, payload) -> {
                E element;
                try {
                    element = decode(payload);
                } catch (RuntimeException e) {
                    return; // left out: poll and take report it
                }
                if (element != null) {
                    elements.add(new Waiting<>(position, element));
                }
            }, Integer.MAX_VALUE);
            ring.checkFile(); // a snapshot of a truncated file's zeros is no snapshot
            return elements;
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            exit();
        }
    }

    private List<E> elements() {
        List<Waiting<E>> snapshot = snapshot();
        List<E> elements = new ArrayList<>(snapshot.size());
        for (Waiting<E> w : snapshot) {
            elements.add(w.element);
        }
        return elements;
    }

    /**
     * Removes the waiting element at {@code position}, unless it was taken or removed meanwhile.
     *
     * @return true when this call removed it
     */
    private boolean removeAt(long position) {
        enter();
        try {
            return ring.remove(position);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            exit();
        }
    }

    private WorkQueuePublisher producer() {
        if (publisher == null) {
            try {
                publisher = ring.queuePublisher();
            } catch (RingSlotsTakenException e) {
                throw tooManyHandles("put", e);
            }
        }
        return publisher;
    }

    private WorkQueueConsumer consumer() {
        if (consumer == null) {
            try {
                consumer = ring.queueConsumer();
            } catch (RingSlotsTakenException e) {
                throw tooManyHandles("take", e);
            }
        }
        return consumer;
    }

    private IllegalStateException tooManyHandles(String verb, RingSlotsTakenException e) {
        return new IllegalStateException(ring.path() + ": all maxHandles=" + maxHandles + " handles that may " + verb
                + " on this queue are held by running processes; close some, or create the file with a larger maxHandles"
                + " (RingQueue.open(path, capacity, maxElementLength, maxHandles, codec), at most " + MAX_HANDLES + ")", e);
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

    /** A waiting element of a snapshot and its record's position. */
    private static final class Waiting<E> {
        final long position;
        final E element;

        Waiting(long position, E element) {
            this.position = position;
            this.element = element;
        }
    }

    /** An iterator over a snapshot whose {@code remove} removes the returned element from the ring. */
    private final class Snapshot implements Iterator<E> {
        private final List<Waiting<E>> elements;
        private int next;
        private Waiting<E> last;

        Snapshot(List<Waiting<E>> elements) {
            this.elements = elements;
        }

        @Override
        public boolean hasNext() {
            return next < elements.size();
        }

        @Override
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = elements.get(next++);
            return last.element;
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() was not called, or remove() was already called after it");
            }
            Waiting<E> removed = last;
            last = null;
            removeAt(removed.position);
        }
    }
}
