package io.ipcring.ring.internal;

import io.ipcring.channel.ChannelClosedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets one thread close an endpoint (publisher, subscriber, producer, consumer) while another
 * thread is inside one of its calls, without the closing thread unmapping memory under it.
 *
 * <p>Each endpoint is used by one thread at a time; {@link #close()} may come from any thread (a
 * shutdown hook closing a channel a worker polls). On Java 17–21 the mapping is a
 * {@code MappedByteBuffer} unmapped at once through {@code Unsafe.invokeCleaner}, so a thread that
 * touches it after the unmap crashes the JVM; on Java 22+ it is a shared arena, whose close is safe but would show the
 * worker an {@code IllegalStateException} from the middle of its call. This class gives both JDKs
 * the same behaviour: the worker's call in progress finishes normally, its next call throws
 * {@link ChannelClosedException}, and the endpoint's detach (the shared-memory writes of close and
 * the unmap) runs on a thread that cannot race a call.
 *
 * <p>All of it is one word, {@code state}, so every decision is a compare-and-set on it and the
 * argument needs nothing but the word's single modification order:
 * <ul>
 *   <li>{@code null}: open, never used;</li>
 *   <li>a {@link Thread}: open, last used by that thread ({@link #enter()} records it);</li>
 *   <li>a {@link Closing}: closed while its thread may be inside a call; that thread owes the detach;</li>
 *   <li>{@link #RELEASED}: closed and detached (or detaching).</li>
 * </ul>
 * {@link #enter()}, at the start of every public call, reads the word with acquire (a plain load
 * on x86, {@code ldar} on AArch64: no fence) and goes on when it holds the calling thread. Any
 * other value takes the slow path: a thread that is not the recorded one registers itself with a
 * compare-and-set (once per change of thread, not per call), and a closed state throws.
 * {@link #close()} replaces the word with a compare-and-set too: from {@code null} or the calling
 * thread it detaches at once (no other thread can be inside: one that entered would have replaced
 * the word first, and a registration after the close fails its compare-and-set); from another
 * thread T it installs {@code Closing(T)}, wakes T if it sleeps in a blocking call, and waits a
 * little ({@link #CLOSE_WAIT_NANOS}) for T to come back and finish the detach. T's next
 * {@link #enter()} (a blocked call's wait condition reads {@link #isClosed()} and ends the wait
 * first) sees {@code Closing(T)}, replaces it with {@link #RELEASED}, detaches on T itself and
 * throws {@link ChannelClosedException}. If T has terminated, the closer detaches (a terminated thread's
 * actions happen before {@link Thread#isAlive()} returns false). Every other thread that enters a
 * closed endpoint just throws.
 *
 * <p>Memory ordering: the user and the close are recorded in the same word, so the argument is
 * coherence, not a Dekker handshake between two variables: a call goes on only when it reads its
 * own thread T in the word. A close detaches at once only when its compare-and-set replaced
 * {@code null} or the closer's own thread by {@link #RELEASED}; in the word's single modification
 * order another thread T was never there before it (T would have been the value replaced), and
 * every registration after it fails. So no StoreLoad window exists and the hot path needs no
 * fence; the acquire read only keeps the JIT from hoisting it out of a caller's loop and orders
 * the call's accesses to the mapping after it. The
 * compare-and-sets (registration, close, the take-over of the detach) are the only other
 * accesses, all on the cold path. The detach runs on a thread that either made the endpoint's
 * last call itself or sees that thread's actions (program order, or {@link Thread#isAlive()}).
 *
 * <p>Cost: when T does not come back within the wait (it is in a long handler, or never calls
 * again), the mapping and the endpoint's role in the ring (an SPSC consumer's owner word, a
 * broadcast subscriber's slot) stay until T's next call; on Java 17–21 the garbage collector
 * unmaps the file once nothing references the endpoint, on Java 22+ the mapping lasts until T's
 * next call or the process's exit.
 *
 * <p>A close from inside a handler of the endpoint's own poll (same thread, so no race) installs
 * a {@code Closing} marked {@code byHandler}: the poll goes on to its end, whose
 * {@link #endDispatch()} detaches, and only then; polls nest when a handler polls again, and
 * only the outermost end detaches.
 *
 * <p>An endpoint that another object serializes (the {@link RingQueue}'s, which waits for its
 * calls to return before closing them) is made {@linkplain #unguarded unguarded}: its close
 * detaches at once and its calls only check that it is open.
 */
public final class EndpointLifecycle {
    /** How long a close from another thread waits for the endpoint's thread to detach. */
    public static final long CLOSE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Pause between two looks at the state while waiting. */
    private static final long CLOSE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** The state once the endpoint is closed and its detach has started. */
    private static final Object RELEASED = new Object() {
        @Override
        public String toString() {
            return "released";
        }
    };
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EndpointLifecycle.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String closedMessage;
    private final boolean guarded;
    private final Runnable detach;
    private final Runnable wake;
    /**
     * Polls of the endpoint's thread in progress, nested when a handler polls again; written and
     * read by that thread only ({@link #beginDispatch}, {@link #endDispatch}, and a
     * {@link #close()} from inside a handler), so plain.
     */
    private int dispatchDepth;
    /** null, a Thread, a Closing or RELEASED; see the class comment. Accessed through STATE only. */
    @SuppressWarnings("unused")
    private Object state;
    /** Set once the detach has run (or failed): what a close from another thread waits for. */
    private volatile boolean detached;

    private EndpointLifecycle(String closedMessage, boolean guarded, Runnable detach, Runnable wake) {
        this.closedMessage = closedMessage;
        this.guarded = guarded;
        this.detach = detach;
        this.wake = wake;
    }

    /**
     * A lifecycle for an endpoint that one thread at a time uses and any thread may close.
     *
     * @param closedMessage the message of the {@link ChannelClosedException} (the URI and the role)
     * @param detach        the endpoint's close: its shared-memory writes, then what unmaps
     * @param wake          wakes the endpoint's thread from a futex sleep without touching the
     *                      mapping (a {@code FUTEX_WAKE} on the word's address; the mapping may be
     *                      gone by then, which makes the system call fail harmlessly)
     * @return the lifecycle
     */
    public static EndpointLifecycle guarded(String closedMessage, Runnable detach, Runnable wake) {
        return new EndpointLifecycle(closedMessage, true, detach, wake);
    }

    /**
     * A lifecycle for an endpoint whose owner guarantees that no call is in progress when it
     * closes it: close detaches at once.
     *
     * @param closedMessage the message of the {@link ChannelClosedException}
     * @param detach        the endpoint's close
     * @return the lifecycle
     */
    public static EndpointLifecycle unguarded(String closedMessage, Runnable detach) {
        return new EndpointLifecycle(closedMessage, false, detach, () -> { });
    }

    /**
     * Call first in every public method that touches the mapping.
     *
     * @throws ChannelClosedException when the endpoint is closed
     */
    public void enter() {
        // Acquire: pairs with the compare-and-sets in register and close; the word holds this
        // thread only while no close has replaced it, and a close that replaces it leaves the
        // unmapping to this thread.
        if (STATE.getAcquire(this) != Thread.currentThread()) {
            enterSlowly();
        }
    }

    private void enterSlowly() {
        Thread me = Thread.currentThread();
        while (true) {
            // Volatile: the current state for the compare-and-set below.
            Object current = STATE.getVolatile(this);
            if (current == me) {
                return;
            }
            if (current == null || current instanceof Thread) {
                // CAS: pairs with the CAS in close(): either close sees this thread and leaves the
                // detach to it, or this fails and the next round sees the closed state.
                if (!guarded || STATE.compareAndSet(this, current, me)) {
                    return;
                }
                continue;
            }
            throw closedOn(me, current);
        }
    }

    /**
     * Builds the exception for a closed state; detaches first when this thread owes the detach.
     */
    private ChannelClosedException closedOn(Thread me, Object current) {
        ChannelClosedException closed = new ChannelClosedException(closedMessage);
        // CAS: only one thread takes the detach over from Closing (this one or a closer that
        // found this thread terminated).
        if (current instanceof Closing && ((Closing) current).user == me && dispatchDepth <= 1
                && STATE.compareAndSet(this, current, RELEASED)) {
            try {
                runDetach();
            } catch (RuntimeException | Error e) {
                closed.addSuppressed(e);
            }
        }
        return closed;
    }

    private void runDetach() {
        try {
            detach.run();
        } finally {
            // Volatile: pairs with the read in awaitDetach(); the detach's effects come first.
            detached = true;
        }
    }

    /**
     * Call when a poll starts, before {@link #enter()}: from here to {@link #endDispatch()} the
     * endpoint's thread may run handlers, and a {@link #close()} they call leaves the detach to
     * the end of the poll.
     */
    public void beginDispatch() {
        dispatchDepth++;
    }

    /**
     * Call when a poll ends (in a {@code finally}), after its last access to the mapping: detaches
     * when a handler closed the endpoint. (A close from another thread is left to the next call's
     * {@link #enter()}: a timed poll that goes on waiting after this poll must find the mapping.)
     */
    public void endDispatch() {
        if (--dispatchDepth == 0) {
            // Acquire: pairs with the CAS of a close() on this thread (program order) or another's
            Object current = STATE.getAcquire(this);
            // CAS: only one thread takes the detach over from Closing
            if (current instanceof Closing && ((Closing) current).byHandler
                    && STATE.compareAndSet(this, current, RELEASED)) {
                runDetach();
            }
        }
    }

    /**
     * For the wait condition of a blocking call: true once closed, so the wait ends and the
     * call's next {@link #enter()} throws (and detaches).
     *
     * @return true when the endpoint is closed
     */
    public boolean isClosed() {
        // Acquire: pairs with the CAS in close().
        Object current = STATE.getAcquire(this);
        return current == RELEASED || current instanceof Closing;
    }

    /**
     * Closes the endpoint: detaches now when no other thread can be inside a call, otherwise
     * leaves the detach to the thread that may be (see the class comment). Idempotent; callable
     * from any thread.
     */
    public void close() {
        Thread me = Thread.currentThread();
        while (true) {
            // Volatile: the current state for the compare-and-set below.
            Object current = STATE.getVolatile(this);
            if (current == RELEASED || current instanceof Closing) {
                return;
            }
            if (current == me && dispatchDepth > 0 && guarded) {
                // CAS: a close from inside a handler: the poll that called it still reads the
                // mapping, so the detach waits for its end (endDispatch)
                if (STATE.compareAndSet(this, current, new Closing(me, true))) {
                    return;
                }
                continue;
            }
            if (current == null || current == me || !guarded) {
                // CAS: pairs with the registration CAS in enterSlowly(): no thread got in first.
                if (STATE.compareAndSet(this, current, RELEASED)) {
                    runDetach();
                    return;
                }
                continue;
            }
            Closing closing = new Closing((Thread) current, false);
            // CAS: pairs with the registration CAS and with the acquire load in enter().
            if (STATE.compareAndSet(this, current, closing)) {
                awaitDetach(closing);
                return;
            }
        }
    }

    private void awaitDetach(Closing closing) {
        try {
            wake.run();
        } catch (RuntimeException e) {
            // best effort: the user thread's mapping may be gone already (it detached); a sleeper
            // not woken notices the close after its sleep slice
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        // an interrupt would make every park return at once: set it aside, and back afterwards
        boolean interrupted = Thread.interrupted();
        try {
            // Volatile: pairs with the write in runDetach() on the user thread.
            while (!detached) {
                // CAS: a terminated thread is inside no call; take the detach over from it.
                if (!closing.user.isAlive() && STATE.compareAndSet(this, closing, RELEASED)) {
                    runDetach();
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    // the user thread detaches on its next call
                    return;
                }
                LockSupport.parkNanos(CLOSE_POLL_NANOS);
                interrupted |= Thread.interrupted();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        // Acquire: a snapshot for messages.
        Object current = STATE.getAcquire(this);
        return current == null ? "open" : current instanceof Thread ? "open, used by " + ((Thread) current).getName()
                : current.toString();
    }

    /** Closed while its user thread may be inside a call; that thread owes the detach. */
    private static final class Closing {
        private final Thread user;
        /** Closed by a handler of the user's own poll in progress: its end detaches. */
        private final boolean byHandler;

        private Closing(Thread user, boolean byHandler) {
            this.user = user;
            this.byHandler = byHandler;
        }

        @Override
        public String toString() {
            return "closing, detach left to " + (byHandler ? "the end of the poll of " : "") + user.getName();
        }
    }
}
