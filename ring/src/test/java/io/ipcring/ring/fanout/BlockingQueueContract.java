package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlockingQueue} contract as {@link java.util.concurrent.ArrayBlockingQueue} implements
 * it, for every method, including capacity, timeouts and interrupts; the methods that work on the
 * waiting elements without taking from the head are in {@link BlockingQueueSnapshotContract},
 * which runs on the same queue. A subclass supplies an empty queue of capacity {@link #CAPACITY}
 * and a {@link Peer}: another thread or process acting on the same queue while the test thread
 * blocks.
 */
abstract class BlockingQueueContract implements BlockingQueueSnapshotContract {
    static final int CAPACITY = 3;
    static final long SHORT_MILLIS = 60;
    static final long WAIT_SECONDS = 30;

    /** Something else that puts and takes on the same queue, after a delay, asynchronously. */
    interface Peer {
        /**
         * @param delayMillis how long to wait before putting
         * @param element     what to put (blocking)
         * @return completes when the put returned
         */
        Future<?> putLater(long delayMillis, String element);

        /**
         * @param delayMillis how long to wait before taking
         * @return completes with what the blocking take returned
         */
        Future<String> takeLater(long delayMillis);
    }

    protected BlockingQueue<String> queue;

    /** @return a new, empty queue of capacity {@link #CAPACITY} for one test */
    protected abstract BlockingQueue<String> newQueue() throws Exception;

    /** @return a peer acting on the queue of the current test */
    protected abstract Peer peer() throws Exception;

    /** Releases what {@link #newQueue()} and {@link #peer()} made. */
    protected abstract void release() throws Exception;

    @Override
    public BlockingQueue<String> queue() {
        return queue;
    }

    @BeforeEach
    void createQueue() throws Exception {
        queue = newQueue();
    }

    @AfterEach
    void releaseQueue() throws Exception {
        Thread.interrupted();
        release();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void nullsAreRejectedEverywhere() {
        assertThrows(NullPointerException.class, () -> queue.add(null));
        assertThrows(NullPointerException.class, () -> queue.offer(null));
        assertThrows(NullPointerException.class, () -> queue.put(null));
        assertThrows(NullPointerException.class, () -> queue.offer(null, 1, TimeUnit.MILLISECONDS));
        assertThrows(NullPointerException.class, () -> queue.drainTo(null));
        assertThrows(NullPointerException.class, () -> queue.drainTo(null, 1));
        assertThrows(NullPointerException.class, () -> queue.addAll(null));
        assertFalse(queue.contains(null));
        assertTrue(queue.isEmpty());
    }

    @Test
    void offerAndPollAreFirstInFirstOut() {
        assertTrue(queue.offer("a"));
        assertTrue(queue.add("b"));
        assertTrue(queue.offer("c"));
        assertEquals("a", queue.poll());
        assertEquals("b", queue.remove());
        assertTrue(queue.offer("d"));
        assertEquals("c", queue.poll());
        assertEquals("d", queue.poll());
        assertNull(queue.poll());
    }

    @Test
    void theCapacityIsHonouredByEveryInsertingMethod() throws Exception {
        assertEquals(CAPACITY, queue.remainingCapacity());
        fill();
        assertEquals(CAPACITY, queue.size());
        assertEquals(0, queue.remainingCapacity());
        assertFalse(queue.offer("x"));
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> queue.add("x"));
        assertEquals("Queue full", full.getMessage());
        assertFalse(queue.offer("x", 0, TimeUnit.MILLISECONDS));
        assertFalse(queue.offer("x", -5, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> queue.addAll(List.of("y", "z")));
        assertEquals(List.of("e0", "e1", "e2"), new ArrayList<>(queue));
        assertEquals("e0", queue.poll());
        assertEquals(1, queue.remainingCapacity());
        assertTrue(queue.offer("x"));
    }

    @Test
    void addAllAddsInOrderAndRejectsTheQueueItself() {
        assertTrue(queue.addAll(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> queue.addAll(queue));
        assertEquals("a", queue.poll());
        assertEquals("b", queue.poll());
    }

    @Test
    void timedOfferWaitsOutItsTimeoutOnAFullQueue() throws Exception {
        fill();
        long started = System.nanoTime();
        assertFalse(queue.offer("x", SHORT_MILLIS, TimeUnit.MILLISECONDS));
        assertTrue(millisSince(started) >= SHORT_MILLIS, "waited " + millisSince(started) + " ms");
        assertEquals(CAPACITY, queue.size());
    }

    @Test
    void timedPollWaitsOutItsTimeoutOnAnEmptyQueue() throws Exception {
        long started = System.nanoTime();
        assertNull(queue.poll(SHORT_MILLIS, TimeUnit.MILLISECONDS));
        assertTrue(millisSince(started) >= SHORT_MILLIS, "waited " + millisSince(started) + " ms");
        assertNull(queue.poll(0, TimeUnit.SECONDS));
        assertNull(queue.poll(-1, TimeUnit.SECONDS));
    }

    @Test
    void putBlocksWhileFullUntilThePeerTakes() throws Exception {
        fill();
        Peer peer = peer();
        long started = System.nanoTime(); // before the request: the peer's delay starts after it
        Future<String> taken = peer.takeLater(SHORT_MILLIS);
        queue.put("x");
        assertTrue(millisSince(started) >= SHORT_MILLIS - 2, "put returned after " + millisSince(started) + " ms");
        assertEquals("e0", taken.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("e1", "e2", "x"), List.of(queue.poll(), queue.poll(), queue.poll()));
    }

    @Test
    void takeBlocksWhileEmptyUntilThePeerPuts() throws Exception {
        Peer peer = peer();
        long started = System.nanoTime(); // before the request: the peer's delay starts after it
        Future<?> put = peer.putLater(SHORT_MILLIS, "x");
        assertEquals("x", queue.take());
        assertTrue(millisSince(started) >= SHORT_MILLIS - 2, "take returned after " + millisSince(started) + " ms");
        put.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void timedPollReturnsAnElementThePeerPutsMeanwhile() throws Exception {
        Future<?> put = peer().putLater(SHORT_MILLIS, "x");
        assertEquals("x", queue.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        put.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void timedOfferSucceedsWhenThePeerTakesMeanwhile() throws Exception {
        fill();
        Future<String> taken = peer().takeLater(SHORT_MILLIS);
        assertTrue(queue.offer("x", WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("e0", taken.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(CAPACITY, queue.size());
    }

    @Test
    void thePeerSeesOurElementsInOrderAndWeSeeItsInOrder() throws Exception {
        queue.put("a");
        queue.put("b");
        Peer peer = peer();
        assertEquals("a", peer.takeLater(0).get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals("b", peer.takeLater(0).get(WAIT_SECONDS, TimeUnit.SECONDS));
        peer.putLater(0, "c").get(WAIT_SECONDS, TimeUnit.SECONDS);
        peer.putLater(0, "d").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, queue.size());
        assertEquals("c", queue.take());
        assertEquals("d", queue.take());
        assertTrue(queue.isEmpty());
    }

    @Test
    void thePeerFillsTheSameCapacity() throws Exception {
        Peer peer = peer();
        for (int i = 0; i < CAPACITY; i++) {
            peer.putLater(0, "p" + i).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(0, queue.remainingCapacity());
        assertFalse(queue.offer("x"));
        assertEquals("p0", queue.peek());
    }

    @Test
    void aThreadBlockedInTakeOrPutIsInterrupted() throws Exception {
        assertInterruptedWhileBlocked(() -> queue.take());
        assertInterruptedWhileBlocked(() -> queue.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        fill();
        assertInterruptedWhileBlocked(() -> {
            queue.put("x");
            return null;
        });
        assertInterruptedWhileBlocked(() -> queue.offer("x", WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("e0", "e1", "e2"), new ArrayList<>(queue), "nothing changed");
    }

    /** A blocking call that may throw InterruptedException. */
    interface Blocking {
        Object call() throws Exception;
    }

    private void assertInterruptedWhileBlocked(Blocking call) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        Thread.sleep(SHORT_MILLIS);
        assertTrue(thread.isAlive(), "the call should block");
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(thread.isAlive(), "the interrupted call should return");
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void anInterruptPendingOnEntryThrowsEvenWhenTheCallCouldProceed() {
        queue.add("a");
        assertInterruptedOnEntry(() -> queue.take());
        assertInterruptedOnEntry(() -> queue.poll(1, TimeUnit.SECONDS));
        assertInterruptedOnEntry(() -> {
            queue.put("b");
            return null;
        });
        assertInterruptedOnEntry(() -> queue.offer("b", 1, TimeUnit.SECONDS));
        assertEquals(List.of("a"), new ArrayList<>(queue));
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed");
    }

    private void assertInterruptedOnEntry(Blocking call) {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, call::call);
        assertFalse(Thread.interrupted());
    }

    @Test
    void peekElementAndRemoveOnTheHead() {
        assertNull(queue.peek());
        assertThrows(NoSuchElementException.class, () -> queue.element());
        assertThrows(NoSuchElementException.class, () -> queue.remove());
        queue.add("a");
        queue.add("b");
        assertEquals("a", queue.peek());
        assertEquals("a", queue.element());
        assertEquals(2, queue.size(), "peek and element do not remove");
        assertEquals("a", queue.remove());
        assertEquals("b", queue.peek());
    }

    @Test
    void drainToMovesElementsInOrderAndChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> queue.drainTo(queue));
        assertThrows(IllegalArgumentException.class, () -> queue.drainTo(queue, 1));
        fill();
        List<String> into = new ArrayList<>();
        assertEquals(0, queue.drainTo(into, 0));
        assertEquals(0, queue.drainTo(into, -1));
        assertEquals(2, queue.drainTo(into, 2));
        assertEquals(List.of("e0", "e1"), into);
        queue.add("x");
        assertEquals(2, queue.drainTo(into));
        assertEquals(List.of("e0", "e1", "e2", "x"), into);
        assertEquals(0, queue.drainTo(into));
        assertTrue(queue.isEmpty());
    }

    @Test
    void anElementTheTargetRefusesStaysInTheQueue() {
        fill();
        List<String> into = new ArrayList<>() {
            @Override
            public boolean add(String s) {
                if (size() == 1) {
                    throw new IllegalStateException("refused " + s);
                }
                return super.add(s);
            }
        };
        assertThrows(IllegalStateException.class, () -> queue.drainTo(into));
        assertEquals(List.of("e0"), into);
        assertEquals("e1", queue.poll());
        assertEquals(1, queue.size());
    }

    @Test
    void sizeIsEmptyAndRemainingCapacityFollowEveryChange() throws Exception {
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.size());
        queue.put("a");
        assertFalse(queue.isEmpty());
        assertEquals(1, queue.size());
        assertEquals(CAPACITY - 1, queue.remainingCapacity());
        queue.take();
        assertTrue(queue.isEmpty());
        assertEquals(CAPACITY, queue.remainingCapacity());
    }

    @Test
    void clearEmptiesTheQueue() {
        fill();
        queue.clear();
        assertTrue(queue.isEmpty());
        assertEquals(CAPACITY, queue.remainingCapacity());
        assertTrue(queue.offer("a"));
    }

    /** A peer that is another thread using {@code queue}. */
    static final class ThreadPeer implements Peer {
        private final BlockingQueue<String> queue;

        ThreadPeer(BlockingQueue<String> queue) {
            this.queue = queue;
        }

        @Override
        public Future<?> putLater(long delayMillis, String element) {
            return CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(delayMillis);
                    queue.put(element);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, TestThreads.NEW_THREAD);
        }

        @Override
        public Future<String> takeLater(long delayMillis) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(delayMillis);
                    return queue.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, TestThreads.NEW_THREAD);
        }
    }
}
