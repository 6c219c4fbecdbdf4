package io.ipcring.ring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EndpointLifecycleTest {
    /** The threads the detach ran on, in order. */
    private final List<Thread> detachedOn = new ArrayList<>();
    private final AtomicInteger wakes = new AtomicInteger();
    private final EndpointLifecycle lifecycle = EndpointLifecycle.guarded("shm:/x: consumer is closed",
            this::detach, wakes::incrementAndGet);

    private synchronized void detach() {
        detachedOn.add(Thread.currentThread());
    }

    private synchronized List<Thread> detachedOn() {
        return new ArrayList<>(detachedOn);
    }

    @Test
    void closeBeforeAnyUseDetachesAtOnce() {
        lifecycle.close();
        assertEquals(List.of(Thread.currentThread()), detachedOn());
        assertTrue(lifecycle.isClosed());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, lifecycle::enter);
        assertEquals("shm:/x: consumer is closed", e.getMessage());
        assertEquals(0, wakes.get());
    }

    @Test
    void closeOnTheUsingThreadDetachesAtOnceAndOnlyOnce() {
        lifecycle.enter();
        assertFalse(lifecycle.isClosed());
        lifecycle.close();
        lifecycle.close();
        assertEquals(List.of(Thread.currentThread()), detachedOn());
        assertThrows(ChannelClosedException.class, lifecycle::enter);
        assertThrows(ChannelClosedException.class, lifecycle::enter);
        assertEquals(1, detachedOn().size());
    }

    @Test
    void aCloseFromInsideAHandlerDetachesWhenTheOutermostPollEnds() {
        lifecycle.beginDispatch();
        lifecycle.enter();
        lifecycle.beginDispatch(); // a handler polls again
        lifecycle.enter();
        lifecycle.close(); // a handler of the inner poll closes
        assertTrue(lifecycle.isClosed());
        assertThrows(ChannelClosedException.class, lifecycle::enter); // a third, nested poll
        lifecycle.endDispatch();
        assertEquals(List.of(), detachedOn(), "the outer poll still reads the mapping");
        lifecycle.endDispatch();
        assertEquals(List.of(Thread.currentThread()), detachedOn());
        assertThrows(ChannelClosedException.class, lifecycle::enter);
        lifecycle.close();
        assertEquals(1, detachedOn().size());
        assertEquals(0, wakes.get());
    }

    @Test
    void closeFromAnotherThreadLeavesTheDetachToTheThreadThatMayBeInside() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicReference<Throwable> next = new AtomicReference<>();
        Thread user = new Thread(() -> {
            lifecycle.enter();
            inside.countDown();
            await(leave);
            try {
                lifecycle.enter();
            } catch (Throwable t) {
                next.set(t);
            }
        });
        user.start();
        inside.await();
        lifecycle.close();
        // the user is inside its call: nothing detached, the user was woken, the close is visible
        assertEquals(List.of(), detachedOn());
        assertEquals(1, wakes.get());
        assertTrue(lifecycle.isClosed());
        // a third thread (here the closer itself) is refused without detaching under the user
        assertThrows(ChannelClosedException.class, lifecycle::enter);
        assertEquals(List.of(), detachedOn());
        leave.countDown();
        user.join();
        assertTrue(next.get() instanceof ChannelClosedException, String.valueOf(next.get()));
        assertEquals(List.of(user), detachedOn());
    }

    @Test
    void closeWaitsForAUserThatComesBackSoon() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        Thread user = new Thread(() -> {
            lifecycle.enter();
            inside.countDown();
            // a polling loop: comes back to enter() until the close makes it throw
            while (true) {
                try {
                    lifecycle.enter();
                } catch (ChannelClosedException e) {
                    return;
                }
                Thread.onSpinWait();
            }
        });
        user.start();
        inside.await();
        lifecycle.close();
        // detached on the user's thread before close returned
        assertEquals(List.of(user), detachedOn());
        user.join();
    }

    @Test
    void closeReturnsOnlyOnceTheUserThreadsDetachHasFinished() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        EndpointLifecycle slow = EndpointLifecycle.guarded("closed", () -> {
            sleepMillis(30);
            finished.incrementAndGet();
        }, () -> { });
        CountDownLatch inside = new CountDownLatch(1);
        Thread user = new Thread(() -> {
            slow.enter();
            inside.countDown();
            while (true) {
                try {
                    slow.enter();
                } catch (ChannelClosedException e) {
                    return;
                }
                Thread.onSpinWait();
            }
        });
        user.start();
        inside.await();
        slow.close();
        assertEquals(1, finished.get(), "the detach on the user thread had finished when close() returned");
        user.join();
    }

    @Test
    void anInterruptedCloserStillWaitsAndKeepsItsInterrupt() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        Thread user = new Thread(() -> {
            lifecycle.enter();
            inside.countDown();
            // back for its next call only after 20 ms: an interrupted closer must still be waiting
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            assertThrows(ChannelClosedException.class, lifecycle::enter);
        });
        user.start();
        inside.await();
        Thread.currentThread().interrupt();
        try {
            lifecycle.close();
            assertEquals(List.of(user), detachedOn());
        } finally {
            assertTrue(Thread.interrupted(), "the closer's interrupt status is kept");
        }
        user.join();
    }

    @Test
    void aUserThreadThatEndedLeavesTheDetachToTheCloser() throws Exception {
        Thread user = new Thread(lifecycle::enter);
        user.start();
        user.join();
        lifecycle.close();
        assertEquals(List.of(Thread.currentThread()), detachedOn());
    }

    @Test
    void theLastThreadToEnterIsTheOneTheCloseWaitsFor() throws Exception {
        Thread first = new Thread(lifecycle::enter);
        first.start();
        first.join();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            lifecycle.enter();
            inside.countDown();
            await(leave);
            assertThrows(ChannelClosedException.class, lifecycle::enter);
        });
        second.start();
        inside.await();
        lifecycle.close();
        assertEquals(List.of(), detachedOn());
        leave.countDown();
        second.join();
        assertEquals(List.of(second), detachedOn());
    }

    @Test
    void aFailingDetachOnTheUserThreadIsSuppressedInTheClosedException() throws Exception {
        IllegalStateException failure = new IllegalStateException("ring gone");
        EndpointLifecycle failing = EndpointLifecycle.guarded("closed", () -> {
            throw failure;
        }, () -> { });
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicReference<Throwable> next = new AtomicReference<>();
        Thread user = new Thread(() -> {
            failing.enter();
            inside.countDown();
            await(leave);
            try {
                failing.enter();
            } catch (Throwable t) {
                next.set(t);
            }
        });
        user.start();
        inside.await();
        failing.close();
        leave.countDown();
        user.join();
        assertTrue(next.get() instanceof ChannelClosedException, String.valueOf(next.get()));
        assertSame(failure, next.get().getSuppressed()[0]);
    }

    @Test
    void anUnguardedLifecycleDetachesAtOnceOnAnyThread() throws Exception {
        EndpointLifecycle unguarded = EndpointLifecycle.unguarded("closed", this::detach);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread user = new Thread(() -> {
            unguarded.enter();
            inside.countDown();
            await(leave);
        });
        user.start();
        inside.await();
        unguarded.close();
        assertEquals(List.of(Thread.currentThread()), detachedOn());
        assertThrows(ChannelClosedException.class, unguarded::enter);
        leave.countDown();
        user.join();
    }

    /**
     * Closes race first calls and later calls, many times: a call that got in must never see the
     * detach (the stand-in for the unmap) before it returns, and exactly one detach runs.
     */
    @Test
    void noCallThatGotInSeesTheDetachWhateverTheTiming() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            AtomicInteger detaches = new AtomicInteger();
            EndpointLifecycle raced = EndpointLifecycle.guarded("closed", detaches::incrementAndGet, () -> { });
            AtomicReference<String> violation = new AtomicReference<>();
            Thread user = new Thread(() -> {
                for (int call = 0; ; call++) {
                    try {
                        raced.enter();
                    } catch (ChannelClosedException e) {
                        return;
                    }
                    for (int spin = 0; spin < call % 50; spin++) {
                        Thread.onSpinWait();
                    }
                    if (detaches.get() != 0) {
                        violation.compareAndSet(null, "call " + call + " got in but saw the detach");
                    }
                }
            });
            user.start();
            if (i % 2 == 0) {
                Thread.yield();
            }
            raced.close();
            user.join();
            assertEquals(null, violation.get());
            assertEquals(1, detaches.get());
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
