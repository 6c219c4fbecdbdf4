package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link BlockingQueue} contract that works on the waiting elements without
 * taking from the head, as {@link java.util.concurrent.ArrayBlockingQueue} implements it:
 * iteration, {@code contains}, {@code toArray}, {@code toString}, removal from the middle, the
 * bulk removals and the iterator's {@code remove}. {@link BlockingQueueContract} runs it on the
 * queue of each of its tests.
 */
interface BlockingQueueSnapshotContract {
    /** @return the empty queue of capacity {@link BlockingQueueContract#CAPACITY} of the current test */
    BlockingQueue<String> queue();

    /** Offers {@code e0}, {@code e1}, ... until the queue is full, asserting each is accepted. */
    default void fill() {
        for (int i = 0; i < BlockingQueueContract.CAPACITY; i++) {
            assertTrue(queue().offer("e" + i));
        }
    }

    @Test
    default void iterationContainsAndToArraySeeTheElementsInOrder() {
        fill();
        Iterator<String> it = queue().iterator();
        assertEquals("e0", it.next());
        assertEquals("e1", it.next());
        assertEquals("e2", it.next());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertTrue(queue().contains("e1"));
        assertFalse(queue().contains("nope"));
        assertTrue(queue().containsAll(List.of("e0", "e2")));
        assertArrayEquals(new Object[] {"e0", "e1", "e2"}, queue().toArray());
        assertArrayEquals(new String[] {"e0", "e1", "e2"}, queue().toArray(new String[0]));
    }

    @Test
    default void removeOfAnElementInTheMiddle() {
        fill();
        assertTrue(queue().remove("e1"));
        assertFalse(queue().remove("nope"));
        assertFalse(queue().remove(null));
        assertEquals(List.of("e0", "e2"), new ArrayList<>(queue()));
        assertEquals(2, queue().size());
        assertEquals("e0", queue().poll());
        assertEquals("e2", queue().poll());
        assertNull(queue().poll());
    }

    @Test
    default void bulkRemovalsRemoveWhatMatchesAndRejectNullFirst() {
        assertThrows(NullPointerException.class, () -> queue().removeAll(null));
        assertThrows(NullPointerException.class, () -> queue().retainAll(null));
        assertThrows(NullPointerException.class, () -> queue().removeIf(null));
        fill();
        assertThrows(NullPointerException.class, () -> queue().removeAll(null));
        assertThrows(NullPointerException.class, () -> queue().retainAll(null));
        assertThrows(NullPointerException.class, () -> queue().removeIf(null));
        assertEquals(List.of("e0", "e1", "e2"), new ArrayList<>(queue()), "a null argument removed nothing");
        assertFalse(queue().removeAll(List.of("nope")));
        assertTrue(queue().removeAll(List.of("e1", "nope")));
        assertEquals(List.of("e0", "e2"), new ArrayList<>(queue()));
        assertFalse(queue().retainAll(List.of("e0", "e2")));
        assertTrue(queue().retainAll(List.of("e2")));
        assertEquals(List.of("e2"), new ArrayList<>(queue()));
        assertFalse(queue().removeIf("e0"::equals));
        assertTrue(queue().removeIf("e2"::equals));
        assertTrue(queue().isEmpty());
        assertTrue(queue().offer("after"));
        assertEquals("after", queue().poll());
    }

    @Test
    default void iteratorRemoveRemovesTheElementItReturnedOnce() {
        fill();
        Iterator<String> it = queue().iterator();
        assertThrows(IllegalStateException.class, it::remove, "remove before next");
        assertEquals("e0", it.next());
        assertEquals("e1", it.next());
        it.remove();
        assertThrows(IllegalStateException.class, it::remove, "a second remove");
        assertEquals("e2", it.next());
        assertEquals(List.of("e0", "e2"), new ArrayList<>(queue()));
    }

    @Test
    default void anElementTakenMeanwhileIsNoLongerRemovable() {
        fill();
        Iterator<String> it = queue().iterator();
        assertEquals("e0", it.next());
        assertEquals("e0", queue().poll());
        it.remove();
        assertEquals(List.of("e1", "e2"), new ArrayList<>(queue()), "removing a taken element changes nothing");
        assertEquals("e1", it.next(), "weakly consistent: the iterator goes on");
    }

    @Test
    default void toStringListsTheElementsInOrder() {
        assertEquals("[]", queue().toString());
        fill();
        assertEquals("[e0, e1, e2]", queue().toString());
    }
}
