package io.ipcring.ring;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.MappedMemory;
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
 * <p>When it looks, off the hot path: every {@link #CHECK_INTERVAL}th {@link #tick()} (one per
 * public call: a decrement of a field of this endpoint, no system call), the first time after a
 * look that a publisher finds the ring full or a timed wait ends without result
 * ({@link #idle()}), in statistics ({@link #check()}), and whenever an operation throws
 * ({@link #translate}): the JVM reports an access to a truncated page as an asynchronous
 * {@link InternalError} ("a fault occurred in a recent unsafe memory access operation"), and on
 * Java 17 the code between the fault and its report runs on with the value the load never got,
 * which may throw something else first. A look is a {@code fstat} of the file kept open and a
 * {@code stat} of the path.
 *
 * <p>Not thread-safe, like the endpoints that own one: a racing {@link #tick()} only makes the
 * cadence less exact.
 */
final class FileWatch {
    /** Public calls between two looks at the file. */
    static final int CHECK_INTERVAL = 1024;
    private static final int TRANSLATE_ATTEMPTS = 3;

    private final SharedRegion region;
    private int countdown = CHECK_INTERVAL;
    private boolean idleSeen;
    private SharedMemoryException failure;

    /** @param region the ring's region */
    FileWatch(SharedRegion region) {
        this.region = region;
    }

    /**
     * Counts one public call; looks at the file every {@link #CHECK_INTERVAL} calls.
     *
     * @throws RingFileChangedException when the file was found changed, now or before
     */
    void tick() {
        if (failure != null || --countdown <= 0) {
            check();
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
    void idle() {
        if (!idleSeen) {
            check();
            idleSeen = true;
        }
    }

    /**
     * Looks at the file now.
     *
     * @throws RingFileChangedException when it was truncated or replaced, now or before
     */
    void check() {
        if (failure == null) {
            countdown = CHECK_INTERVAL;
            idleSeen = false;
            try {
                region.checkFile();
            } catch (SharedMemoryException e) {
                if (e.reason() != SharedMemoryException.Reason.TRUNCATED
                        && e.reason() != SharedMemoryException.Reason.REPLACED) {
                    throw e;
                }
                failure = e;
            }
        }
        if (failure != null) {
            throw new RingFileChangedException(failure);
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
    RuntimeException translate(Throwable thrown) {
        if (thrown instanceof RingFileChangedException) {
            return (RuntimeException) thrown;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (failure == null && !region.isIntact()) {
                    check();
                }
                break;
            } catch (RingFileChangedException e) {
                e.addSuppressed(thrown);
                return e;
            } catch (InternalError late) {
                // on Java 17 the fault's report may arrive during the fstat, after what it caused
                if (attempt == TRANSLATE_ATTEMPTS) {
                    thrown.addSuppressed(late);
                    break;
                }
            }
        }
        if (failure != null) {
            RingFileChangedException e = new RingFileChangedException(failure);
            e.addSuppressed(thrown);
            return e;
        }
        if (thrown instanceof RuntimeException) {
            return (RuntimeException) thrown;
        }
        throw (Error) thrown;
    }

    /**
     * Attaches an endpoint: looks at the file first, and turns a fault while the endpoint takes
     * its place in the file into {@link RingFileChangedException}.
     *
     * @param attach creates the endpoint
     * @param <T>    its type
     * @return the endpoint
     */
    <T> T attach(Supplier<T> attach) {
        check();
        try {
            T endpoint = attach.get();
            MappedMemory.surfaceFaults();
            return endpoint;
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
    void unlessTruncated(Runnable writes) {
        if (!region.isIntact()) {
            return;
        }
        try {
            writes.run();
            MappedMemory.surfaceFaults();
        } catch (RuntimeException | InternalError e) {
            if (region.isIntact()) {
                throw e;
            }
        }
    }
}
