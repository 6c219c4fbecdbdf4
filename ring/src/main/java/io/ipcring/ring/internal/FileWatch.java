package io.ipcring.ring.internal;

import io.ipcring.ring.RingFileChangedException;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.util.function.Supplier;

/**
 * One endpoint's watch over its ring file, which another process may truncate (the mapped pages
 * past the new end fault on access) or replace (delete and re-create it, or rename another file
 * over it: processes that open the path now use another ring). Turns both into
 * {@link RingFileChangedException}, and remembers it: once thrown, every later call of the
 * endpoint throws it again without touching the mapping.
 *
 * <p>When it looks, off the hot path: on every {@link #CHECK_INTERVAL}th {@link #tick()} (one per
 * public call: a decrement of a field of this endpoint) that comes {@link #LOOK_PERIOD_NANOS}
 * or more after the last look (a read of the clock per {@code CHECK_INTERVAL} calls; at most ten
 * looks a second), the first time after a look that a publisher finds the ring full or a timed
 * wait ends without result ({@link #idle()}), in statistics ({@link #check()}), and whenever an
 * operation throws ({@link #translate}): the JVM reports an access to a truncated page as an
 * {@link InternalError} ("a fault occurred in a [recent] unsafe memory access operation"),
 * late for compiled code, whose code between the fault and its report runs on with the value
 * the load never got and may throw something else first. A look is an {@code fstat} of the file
 * kept open and a {@code stat} of the path, allocation-free.
 *
 * <p>Not thread-safe, like the endpoints that own one: a racing {@link #tick()} only makes the
 * cadence less exact.
 */
public final class FileWatch {
    /** Public calls between two reads of the clock, each of which may lead to a look at the file. */
    public static final int CHECK_INTERVAL = 64;
    /** The least time between two looks that {@link #tick()} makes. */
    public static final long LOOK_PERIOD_NANOS = 100_000_000L;
    /** Looks at the file that may each take one late fault report (see {@link #lateFault}). */
    private static final int LOOK_ATTEMPTS = 3;
    /** What the JVM's report of a fault in an access to a truncated mapping says, on every version. */
    private static final String FAULT_REPORT = "unsafe memory access";

    private final SharedRegion region;
    private int countdown = CHECK_INTERVAL;
    private long lastLook = System.nanoTime();
    private boolean idleSeen;
    private SharedMemoryException failure;

    /** @param region the ring's region */
    public FileWatch(SharedRegion region) {
        this.region = region;
    }

    /**
     * Counts one public call; every {@link #CHECK_INTERVAL} calls reads the clock, and looks at
     * the file when {@link #LOOK_PERIOD_NANOS} have passed since the last look.
     *
     * @throws RingFileChangedException when the file was found changed, now or before
     */
    public void tick() {
        if (failure != null) {
            check();
        }
        if (--countdown <= 0) {
            countdown = CHECK_INTERVAL;
            if (System.nanoTime() - lastLook >= LOOK_PERIOD_NANOS) {
                check();
            }
        }
    }

    /**
     * The endpoint found nothing to do: a publisher found the ring full (where a replaced file's
     * ring, whose consumers are gone, ends up), or a timed wait ended without result. Looks at
     * the file the first time since the last look; repeated idle calls are left to the cadence
     * of {@link #tick()}.
     *
     * @throws RingFileChangedException when the file was found changed
     */
    public void idle() {
        if (!idleSeen) {
            check();
            idleSeen = true;
        }
    }

    /**
     * For a call that may find nothing to do (an offer on a full ring, a wait that timed out).
     *
     * @param succeeded what the call returned
     * @return {@code succeeded}, after {@link #idle()} when it is false
     */
    public boolean succeeded(boolean succeeded) {
        if (!succeeded) {
            idle();
        }
        return succeeded;
    }

    /**
     * For a timed poll.
     *
     * @param delivered the messages it delivered
     * @return {@code delivered}, after {@link #idle()} when it is 0
     */
    public int delivered(int delivered) {
        if (delivered == 0) {
            idle();
        }
        return delivered;
    }

    /**
     * For a claim.
     *
     * @param index the claimed payload's index, or negative when the ring had no room
     * @return {@code index}, after {@link #idle()} when it is negative
     */
    public int claimed(int index) {
        if (index < 0) {
            idle();
        }
        return index;
    }

    /**
     * Looks at the file now.
     *
     * @throws RingFileChangedException when it was truncated or replaced, now or before
     */
    public void check() {
        if (failure == null) {
            countdown = CHECK_INTERVAL;
            lastLook = System.nanoTime();
            idleSeen = false;
            failure = look();
        }
        if (failure != null) {
            throw changed();
        }
    }

    /**
     * What an operation that threw should throw: {@link RingFileChangedException} when the file
     * was truncated (the throwable, the JVM's fault report or what the code ran into after it, is
     * kept as suppressed), else the throwable itself.
     *
     * @param thrown what the operation threw
     * @return the exception to throw
     * @throws Error {@code thrown} itself when it is an error not caused by a truncated file
     */
    public RuntimeException translate(Throwable thrown) {
        if (thrown instanceof RingFileChangedException) {
            return (RuntimeException) thrown;
        }
        if (failure == null && !intact()) {
            failure = look();
        }
        if (failure != null) {
            RingFileChangedException e = changed();
            e.addSuppressed(thrown);
            return e;
        }
        if (thrown instanceof RuntimeException) {
            return (RuntimeException) thrown;
        }
        throw (Error) thrown;
    }

    /** @return the file's change, or null: {@link SharedRegion#checkFile()}, past late fault reports */
    private SharedMemoryException look() {
        for (int attempt = 1; ; attempt++) {
            try {
                region.checkFile();
                return null;
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.TRUNCATED
                        && e.reason() != SharedMemoryException.Reason.REPLACED) {
                    throw e;
                }
                return e;
            } catch (InternalError late) {
                lateFault(late, attempt);
            }
        }
    }

    /** @return {@link SharedRegion#isIntact()}, past late fault reports */
    private boolean intact() {
        for (int attempt = 1; ; attempt++) {
            try {
                return region.isIntact();
            } catch (InternalError late) {
                lateFault(late, attempt);
            }
        }
    }

    /**
     * The JVM reports a fault of an access to a truncated page by compiled code late (on 17 and
     * 25; on 17 that of interpreted code too): at its next safepoint poll or call into the VM,
     * or in the next JNI call, such as the {@code lstat} of {@link SharedRegion#takeLateFaultReport()}. Such a report of a fault
     * already seen is dropped here, a few times; anything else is thrown.
     */
    private static void lateFault(InternalError late, int attempt) {
        if (attempt >= LOOK_ATTEMPTS || !String.valueOf(late.getMessage()).contains(FAULT_REPORT)) {
            throw late;
        }
    }

    /**
     * The exception for the change found. A truncated file's pages may have faulted in accesses
     * whose report the JVM still holds (see {@link #lateFault}): {@link SharedRegion#takeLateFaultReport()} keeps it
     * from surfacing in the caller's code after this exception.
     */
    private RingFileChangedException changed() {
        if (failure.reason() == SharedMemoryException.Reason.TRUNCATED) {
            region.takeLateFaultReport();
        }
        return new RingFileChangedException(failure);
    }

    /**
     * Attaches an endpoint: looks at the file first, and turns a fault while the endpoint takes
     * its place in the file into {@link RingFileChangedException}.
     *
     * @param attach creates the endpoint
     * @param <T>    its type
     * @return the endpoint
     */
    public <T> T attach(Supplier<T> attach) {
        check();
        try {
            return attach.get();
        } catch (RuntimeException | InternalError e) {
            throw translate(e);
        }
    }

    /**
     * Runs the shared-memory writes of a cold path (close, detach, giving a role back) unless the
     * file was found truncated: then, and when it is truncated while they run, they are skipped
     * (the memory they would write is gone, and no other process can use the ring any more).
     *
     * @param writes the writes
     */
    public void unlessTruncated(Runnable writes) {
        if (!intact()) {
            region.takeLateFaultReport();
            return;
        }
        try {
            writes.run();
        } catch (RuntimeException | InternalError e) {
            if (intact()) {
                throw e;
            }
            region.takeLateFaultReport();
        }
    }
}
