package io.ipcring.stress.fuzz;

import io.ipcring.ring.RingFileChangedException;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.sync.SharedMemoryException.Reason;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A ring file changed under its endpoints by another party: each case attaches a publisher and a
 * subscriber of a random kind (SPSC, MPSC, broadcast, work queue, or a {@link RingQueue}) through
 * the public API and runs traffic, while a second thread, at a random moment, truncates the file
 * (to 0 bytes or a random size below the mapping), or deletes it and creates another ring at the
 * path, or renames another ring file over it. Every call must return normally or throw
 * {@link RingFileChangedException}; once the change is made, each endpoint must throw it, with
 * the matching reason, within {@value #BOUND} further timed calls (1 ms) or half a second: a subscriber's first
 * timed poll that finds nothing looks at the file, a publisher's first full ring does (the ring
 * of a replaced file fills, nobody reads it; a truncated one faults sooner), and its close must
 * return normally. A JVM
 * crash (SIGBUS in an atomic), a hang (the runner's watchdog), a wedged endpoint (no failure
 * within the bound) or any other exception fails the case, with one documented exception: on
 * every Java version a call whose ring code the JIT compiled may let the JVM's own
 * {@link InternalError} for the fault surface in the caller (the JVM reports such a fault at its
 * next safepoint poll, which may lie outside the ring code); it is counted and allowed there.
 */
public final class RingFileSwapFuzzTarget implements FuzzTarget {
    /** Timed calls of each endpoint after the change within which it must fail: more than a full ring's offers. */
    static final int BOUND = 1100;
    /**
     * Time after the change within which it must fail as well, when the calls ran out first: an
     * endpoint whose calls end in the JVM's late fault report never gets to its own
     * check of the file but on its cadence, every 64 calls once 100 ms have passed.
     */
    static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final String[] KINDS = {"spsc", "mpsc", "broadcast", "workqueue", SwapEndpoints.QUEUE};

    /** What the other party does to the file. */
    private enum Change {
        TRUNCATE_TO_ZERO(Reason.TRUNCATED), TRUNCATE_BELOW(Reason.TRUNCATED), RECREATE(Reason.REPLACED),
        RENAME_OVER(Reason.REPLACED);

        final Reason reason;

        Change(Reason reason) {
            this.reason = reason;
        }
    }

    private final String name = "ring-file-swap";

    @Override
    public String name() {
        return name;
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        String kind = KINDS[random.nextInt(KINDS.length)];
        Change change = Change.values()[random.nextInt(Change.values().length)];
        Path path = Paths.get("/dev/shm", "ipcring-fuzz-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path sibling = path.resolveSibling(path.getFileName() + "-new");
        String what = name + " " + kind + " " + change;
        Case run = new Case(random, change, what, deadlineNanos);
        // every step may be run again (see Case): each is idempotent or keeps its state in the
        // case; the last, an lstat (a JNI call), takes a late fault report still held
        run.steps(() -> run.attach(path, kind),
                () -> run.trafficBefore(),
                () -> run.startOtherParty(path, sibling, kind),
                () -> run.trafficWhileTheOtherPartyActs(),
                () -> run.joinTheOtherParty(),
                () -> run.expectFailure(0),
                () -> run.expectFailure(1),
                () -> run.close(),
                () -> SharedRegion.delete(path),
                () -> SharedRegion.delete(sibling),
                () -> Files.exists(path, LinkOption.NOFOLLOW_LINKS)); // gone: its lstat builds an exception
        // what happens once the other party acts depends on timing: a run's tallies count only
        // what a seed decides (messages before, and the two endpoints' reports)
        return new CaseResult(run.receivedBefore, 2, SwapEndpoints.MESSAGE_LENGTH);
    }

    /**
     * One case's state, kept across the late fault reports that may interrupt any of its steps
     * (see {@link #allowLateFault}): each step is resumed where it stopped.
     */
    private static final class Case {
        private final SplittableRandom random;
        private final Change change;
        private final String what;
        private final long deadlineNanos;
        private final AtomicReference<RuntimeException> otherFailure = new AtomicReference<>();
        /** Per side (0 publisher, 1 subscriber): it threw {@link RingFileChangedException}. */
        private final boolean[] failed = new boolean[2];
        /** Per side: calls since the change was made. */
        private final int[] calls = new int[2];
        /** When the change was made, once the other party is done. */
        private long changedAt;
        private SwapEndpoints endpoints;
        private Thread other;
        private int stepsBefore = -1;
        int receivedBefore;

        Case(SplittableRandom random, Change change, String what, long deadlineNanos) {
            this.random = random;
            this.change = change;
            this.what = what;
            this.deadlineNanos = deadlineNanos;
        }

        /**
         * Runs the steps in order; after a late fault report, which it counts as allowed (or
         * fails the case), it runs the interrupted step again. On a failure the rest still runs
         * (closing and deleting), and the first failure is thrown.
         */
        void steps(Runnable... steps) {
            int next = 0;
            RuntimeException first = null;
            while (next < steps.length) {
                try {
                    for (; next < steps.length; next++) {
                        try {
                            steps[next].run();
                        } catch (RuntimeException e) {
                            first = first == null ? e : first;
                        }
                    }
                } catch (InternalError e) {
                    try {
                        allowLateFault(e, change, what);
                    } catch (FuzzFailure failure) {
                        first = first == null ? failure : first;
                        next++;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }

        void attach(Path path, String kind) {
            if (endpoints == null) {
                endpoints = SwapEndpoints.attach(path, kind);
            }
        }

        /** Traffic before the change: deterministic, what the case's tally counts. */
        void trafficBefore() {
            if (stepsBefore < 0) {
                stepsBefore = random.nextInt(200);
            }
            while (stepsBefore > 0) {
                receivedBefore += endpoints.step(random.nextBoolean(), false);
                stepsBefore--;
            }
        }

        void startOtherParty(Path path, Path sibling, String kind) {
            if (other != null) {
                return;
            }
            long delayNanos = random.nextInt(200_000);
            SplittableRandom otherRandom = random.split();
            other = new Thread(() -> {
                LockSupport.parkNanos(delayNanos);
                try {
                    apply(change, path, sibling, kind, otherRandom);
                } catch (RuntimeException e) {
                    otherFailure.set(e);
                }
            }, "ring-file-swap-other-party");
            other.start();
        }

        void close() {
            if (endpoints != null) {
                endpoints.close(what);
            }
        }

        /** Traffic while the other party acts: anything may happen but the documented failure. */
        void trafficWhileTheOtherPartyActs() {
            while (other.isAlive()) {
                FuzzFailure.checkDeadline(what, deadlineNanos, "traffic while the file changes");
                int side = random.nextInt(2);
                if (failed[side]) {
                    Thread.onSpinWait();
                } else {
                    failed[side] = reported(side, false);
                }
            }
        }

        void joinTheOtherParty() {
            if (other == null) {
                return;
            }
            boolean interrupted = false;
            while (other.isAlive()) {
                try {
                    other.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the other party creates files: it must be done before they are deleted
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new FuzzFailure(what + ": interrupted");
            }
            if (otherFailure.get() != null) {
                throw new FuzzFailure(what + ": the other party could not change the file: " + otherFailure.get(),
                        otherFailure.get());
            }
            changedAt = System.nanoTime();
        }

        /** The change is made: the side must report it within the bound. */
        void expectFailure(int side) {
            while (!failed[side]) {
                if (calls[side] >= BOUND && System.nanoTime() - changedAt > BOUND_NANOS) {
                    throw new FuzzFailure(what + ": the " + (side == 0 ? "publisher" : "subscriber") + " went on for "
                            + calls[side] + " calls and " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt)
                            + " ms after the change: wedged");
                }
                FuzzFailure.checkDeadline(what, deadlineNanos, "side " + side + " after the change, call " + calls[side]);
                calls[side]++;
                failed[side] = reported(side, true);
            }
        }

        /** @return true when a call of the side threw {@link RingFileChangedException} with the change's reason */
        private boolean reported(int side, boolean timed) {
            try {
                endpoints.step(side == 0, timed);
                return false;
            } catch (RingFileChangedException e) {
                if (e.reason() != change.reason) {
                    throw new FuzzFailure(what + ": " + (side == 0 ? "publisher" : "subscriber") + " reported " + e.reason()
                            + ", expected " + change.reason, e);
                }
                return true;
            }
        }
    }

    /** The JVM's report of a fault that surfaced outside the ring code: allowed for a truncation only. */
    private static void allowLateFault(InternalError e, Change change, String what) {
        boolean late = change.reason == Reason.TRUNCATED && String.valueOf(e.getMessage()).contains("unsafe memory access");
        if (!late) {
            throw new FuzzFailure(what + ": the JVM's " + e + " escaped", e);
        }
    }

    private static void apply(Change change, Path path, Path sibling, String kind, SplittableRandom random) {
        try {
            switch (change) {
                case TRUNCATE_TO_ZERO:
                case TRUNCATE_BELOW:
                    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        long size = channel.size();
                        channel.truncate(change == Change.TRUNCATE_TO_ZERO ? 0 : random.nextLong(size));
                    }
                    break;
                case RECREATE:
                    Files.delete(path);
                    SwapEndpoints.create(path, kind);
                    break;
                default:
                    SwapEndpoints.create(sibling, kind);
                    Files.move(sibling, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
