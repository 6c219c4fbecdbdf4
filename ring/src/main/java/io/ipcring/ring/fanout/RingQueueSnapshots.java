package io.ipcring.ring.fanout;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * What one {@link RingQueue} handle reads of its ring without taking: the oldest waiting element,
 * the counts, and snapshots of the waiting elements (decoded copies, oldest first), through which
 * it also removes elements from the middle. A snapshot leaves out the elements the codec fails on
 * and those being taken at that moment. Removing an element of a snapshot is one compare-and-set
 * of its record's state word in the ring ({@link WorkQueueRing#remove}), which races the takers'
 * claim of it, so exactly one of them gets it.
 *
 * <p>Every read looks at the file before it answers: a truncated file reads as zeros, which are
 * no answer. Thread-safe; no lock of the handle is taken.
 *
 * @param <E> the element type
 */
final class RingQueueSnapshots<E> {
    private final WorkQueueRing ring;
    private final RingQueueShape shape;
    private final RingQueueCalls calls;
    private final ElementDecoder<E> decoder;

    /**
     * @param ring    the handle's ring
     * @param shape   its dimensions
     * @param calls   the handle's call count
     * @param decoder decodes copies of the waiting elements
     */
    RingQueueSnapshots(WorkQueueRing ring, RingQueueShape shape, RingQueueCalls calls, ElementDecoder<E> decoder) {
        this.ring = ring;
        this.shape = shape;
        this.calls = calls;
        this.decoder = decoder;
    }

    /**
     * @return a decoded copy of the oldest waiting element, or null when none is waiting
     * @throws UndecodableElementException when the codec fails on it; it stays in the queue
     */
    E peek() {
        calls.enter();
        try {
            List<E> first = new ArrayList<>(1);
            ring.records().forEachWaiting((position, type, payload) -> first.add(decoder.decodeOrThrow(payload)), 1);
            ring.checkFile(); // an empty look at a truncated file is no answer
            return first.isEmpty() ? null : first.get(0);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            calls.exit();
        }
    }

    /** @return the elements put and neither taken nor removed, at most {@link Integer#MAX_VALUE} */
    int size() {
        calls.enter();
        try {
            long count = ring.records().countNotDone();
            ring.checkFile(); // a count of a truncated file's zeros is no count
            return (int) Math.min(Integer.MAX_VALUE, count);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            calls.exit();
        }
    }

    /** @return the capacity less the records the ring holds: how many elements an offer could add now */
    int remainingCapacity() {
        calls.enter();
        try {
            // over done records at the head first, as an offer at the bound does
            ring.records().advanceReclaim();
            long size = ring.size();
            ring.checkFile(); // room counted in a truncated file's zeros is no room
            return (int) Math.max(0, shape.capacity - size);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            calls.exit();
        }
    }

    /** @return an iterator over a snapshot whose {@code remove} removes the returned element from the ring */
    Iterator<E> iterator() {
        return new Snapshot(snapshot());
    }

    /** @return true when a waiting element (of a snapshot) equals {@code o}; false for null */
    boolean contains(Object o) {
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

    /** @return true when this call removed the oldest waiting element equal to {@code o}; false for null */
    boolean remove(Object o) {
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

    /** @return true when this call removed at least one waiting element (of a snapshot) that matches */
    boolean removeIf(Predicate<? super E> filter) {
        boolean removed = false;
        for (Waiting<E> w : snapshot()) {
            if (filter.test(w.element) && removeAt(w.position)) {
                removed = true;
            }
        }
        return removed;
    }

    /** @return the waiting elements, oldest first (a snapshot) */
    List<E> elements() {
        List<Waiting<E>> snapshot = snapshot();
        List<E> elements = new ArrayList<>(snapshot.size());
        for (Waiting<E> w : snapshot) {
            elements.add(w.element);
        }
        return elements;
    }

    /** @return the waiting elements the codec decodes, with their positions, oldest first */
    private List<Waiting<E>> snapshot() {
        calls.enter();
        try {
            List<Waiting<E>> elements = new ArrayList<>();
            ring.records().forEachWaiting((position, type, payload) -> {
                E element;
                try {
                    element = decoder.decode(payload);
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
            calls.exit();
        }
    }

    /**
     * Removes the waiting element at {@code position}, unless it was taken or removed meanwhile.
     *
     * @return true when this call removed it
     */
    private boolean removeAt(long position) {
        calls.enter();
        try {
            return ring.remove(position);
        } catch (RuntimeException | InternalError e) {
            throw ring.translate(e);
        } finally {
            calls.exit();
        }
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
