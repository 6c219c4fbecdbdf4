package io.ipcring.ring.fanout;

import io.ipcring.ring.RingGeometry;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * {@code WAITING}; its stack names {@code FutexSignal}. It does not park in Java even when the
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
    private final RingQueueShape shape;
    private final RingQueueCalls calls;
    private final RingQueuePuts<E> puts;
    private final RingQueueTakes<E> takes;
    private final RingQueueSnapshots<E> snapshots;

    private RingQueue(WorkQueueRing ring, ElementCodec<E> codec) {
        this.ring = ring;
        this.shape = new RingQueueShape(ring);
        this.calls = new RingQueueCalls(ring.path());
        ElementDecoder<E> decoder = new ElementDecoder<>(codec, ring.path());
        this.puts = new RingQueuePuts<>(ring, shape, calls, codec);
        this.takes = new RingQueueTakes<>(ring, shape, calls, decoder);
        this.snapshots = new RingQueueSnapshots<>(ring, shape, calls, decoder);
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
        WorkQueueRing ring = RingQueueShape.openRing(path, capacity, maxElementLength, maxHandles);
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
        return puts.offer(e);
    }

    @Override
    public void put(E e) throws InterruptedException {
        puts.offer(e, Deadline.never());
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return puts.offer(e, Deadline.after(timeout, unit));
    }

    /** @throws UndecodableElementException when the codec failed on the element, which is taken */
    @Override
    public E poll() {
        return takes.poll();
    }

    /** @throws UndecodableElementException when the codec failed on the element, which is taken */
    @Override
    public E take() throws InterruptedException {
        return takes.poll(Deadline.never());
    }

    /** @throws UndecodableElementException when the codec failed on the element, which is taken */
    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return takes.poll(Deadline.after(timeout, unit));
    }

    /**
     * @return a decoded copy of the oldest waiting element (another handle may take it at any
     *         moment), or null when none is waiting
     * @throws UndecodableElementException when the codec fails on it; it stays in the queue
     */
    @Override
    public E peek() {
        return snapshots.peek();
    }

    /** @return the elements put and neither taken nor removed; see the class description */
    @Override
    public int size() {
        return snapshots.size();
    }

    /** @return how many elements an offer could add now; see the class description */
    @Override
    public int remainingCapacity() {
        return snapshots.remainingCapacity();
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
        return takes.drainTo(c, maxElements);
    }

    /** Takes every waiting element out, without decoding (so elements the codec fails on go too). */
    @Override
    public void clear() {
        takes.clear();
    }

    /**
     * @return an iterator over a snapshot of the waiting elements (leaving out those the codec
     *         fails on); its {@code remove} takes the element it returned out of the queue unless a
     *         taker got it first
     */
    @Override
    public Iterator<E> iterator() {
        return snapshots.iterator();
    }

    /** @return true when a waiting element equals {@code o} (in a snapshot); false for null */
    @Override
    public boolean contains(Object o) {
        return snapshots.contains(o);
    }

    /**
     * Removes the oldest waiting element equal to {@code o}; if a taker gets it first, the next
     * equal one.
     *
     * @return true when this call removed an element; false for null
     */
    @Override
    public boolean remove(Object o) {
        return snapshots.remove(o);
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
        return snapshots.removeIf(filter);
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
        return snapshots.elements().toArray();
    }

    /** @return the waiting elements, oldest first (a snapshot) */
    @Override
    public <T> T[] toArray(T[] a) {
        return snapshots.elements().toArray(a);
    }

    /** @return the ring file's counters */
    public WorkQueueRingStats stats() {
        calls.enter();
        try {
            return ring.stats();
        } finally {
            calls.exit();
        }
    }

    /** @return the queue's file */
    public Path path() {
        return ring.path();
    }

    /** @return how many handles may put (and take) on this file at once, as stored in it */
    public int maxHandles() {
        return shape.maxHandles;
    }

    /** @return the file, the capacity, the maximum element length, the handles, and whether this handle is closed */
    public String describe() {
        return shape.describe(calls.isClosed());
    }

    /**
     * Waits for the methods running in other threads to return (blocked ones notice within
     * {@link FanoutIdle#HOUSEKEEPING_SLICE_NANOS} and throw {@link IllegalStateException}), gives
     * back this handle's producer and consumer slots and unmaps the file. The file stays.
     */
    @Override
    public void close() {
        if (!calls.close(ring)) {
            return;
        }
        puts.close();
        takes.close();
        ring.close();
    }
}
