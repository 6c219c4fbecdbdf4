package io.ipcring.sync;

import io.ipcring.sync.SysVSemaphoreSet.Op;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The other processes of {@link SysVSemaphoreSetProcessTest}. Exits 0 when its part went as
 * expected, otherwise prints what went wrong and exits 1. Every wait is bounded.
 *
 * <pre>
 * hold &lt;id&gt; &lt;undo|no-undo&gt;       take semaphore 0, report it on semaphore 1, wait to be killed
 * transfer &lt;id&gt; &lt;seed&gt;          atomic three-way transfers between the accounts until told to stop
 * split &lt;id&gt; &lt;seed&gt;             the same transfers applied one operation at a time (a broken transfer)
 * denied &lt;id&gt;                   expect PERMISSION_DENIED attaching to a set with mode 0000
 * </pre>
 *
 * Transfer sets hold {@link #ACCOUNTS} accounts at indexes 0..3, a ready counter at
 * {@link #READY}, a start gate at {@link #GATE} and a stop flag at {@link #STOP}.
 */
public final class SysVSemaphoreChild {
    static final int ACCOUNTS = 4;
    static final int READY = ACCOUNTS;
    static final int GATE = ACCOUNTS + 1;
    static final int STOP = ACCOUNTS + 2;
    static final int TRANSFER_SET_SIZE = ACCOUNTS + 3;
    static final long WAIT_SECONDS = 60;
    private static final long SPLIT_PAUSE_MILLIS = 2;
    /** Transfers between two looks at the stop flag. */
    private static final int STOP_CHECK_INTERVAL = 16;

    private SysVSemaphoreChild() {
    }

    /** @param args the mode and its arguments, see the class comment */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "hold":
                hold(Integer.parseInt(args[1]), "undo".equals(args[2]));
                break;
            case "transfer":
                transfer(Integer.parseInt(args[1]), Long.parseLong(args[2]), false);
                break;
            case "split":
                transfer(Integer.parseInt(args[1]), Long.parseLong(args[2]), true);
                break;
            case "denied":
                denied(Integer.parseInt(args[1]));
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void hold(int id, boolean undo) throws InterruptedException {
        SysVSemaphoreSet set = SysVSemaphoreSet.ofId(id);
        // one atomic step: the parent sees the report only together with the hold
        set.apply(new Op(0, -1, undo), Op.withoutUndo(1, 1));
        Thread.sleep(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        fail("not killed within " + WAIT_SECONDS + " s");
    }

    /**
     * Moves two units from one account to two others, one each, until the stop flag is set. The
     * sum of the accounts never changes when each transfer is one semop; {@code split} applies
     * its three operations one by one with a pause, which an observer must catch.
     */
    private static void transfer(int id, long seed, boolean split) throws InterruptedException {
        SysVSemaphoreSet set = SysVSemaphoreSet.ofId(id);
        set.apply(Op.withoutUndo(READY, 1));
        if (!set.tryApply(WAIT_SECONDS, TimeUnit.SECONDS, Op.withoutUndo(GATE, -1))) {
            fail("gate not opened within " + WAIT_SECONDS + " s");
        }
        SplittableRandom random = new SplittableRandom(seed);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long done = 0;
        for (long attempt = 0; attempt % STOP_CHECK_INTERVAL != 0 || set.get(STOP) == 0; attempt++) {
            if (System.nanoTime() - end > 0) {
                fail("not stopped within " + WAIT_SECONDS + " s");
            }
            int from = random.nextInt(ACCOUNTS);
            // two distinct offsets among the other three accounts
            int first = random.nextInt(ACCOUNTS - 1);
            int second = (first + 1 + random.nextInt(ACCOUNTS - 2)) % (ACCOUNTS - 1);
            int to1 = (from + 1 + first) % ACCOUNTS;
            int to2 = (from + 1 + second) % ACCOUNTS;
            // without undo: these are permanent moves, not holds to give back on exit
            Op[] ops = {Op.withoutUndo(from, -2), Op.withoutUndo(to1, 1), Op.withoutUndo(to2, 1)};
            if (split) {
                if (set.tryApply(ops[0])) {
                    for (int i = 1; i < ops.length; i++) {
                        Thread.sleep(SPLIT_PAUSE_MILLIS);
                        set.apply(ops[i]);
                    }
                    done++;
                }
            } else if (set.tryApply(ops)) {
                done++;
            }
        }
        System.out.println("applied " + done + " transfers");
    }

    private static void denied(int id) {
        warmUp();
        boolean dropped = Unprivileged.becomeNobodyIfRoot();
        try {
            fail("attached to " + SysVSemaphoreSet.ofId(id) + " despite mode 0000 (gave up root: " + dropped + ")");
        } catch (OsSemaphoreException e) {
            if (e.reason() != OsSemaphoreException.Reason.PERMISSION_DENIED || !"EACCES".equals(e.errnoName())) {
                fail("expected PERMISSION_DENIED/EACCES, got " + e);
            }
            System.out.println("denied as expected: " + e.getMessage());
        }
    }

    /** Runs the failure path once so every class it needs is loaded while the class path is readable. */
    private static void warmUp() {
        try {
            fail("attached to " + SysVSemaphoreSet.ofId(Integer.MAX_VALUE) + ", which should not exist");
        } catch (OsSemaphoreException expected) {
            System.out.println("warm-up: " + expected.reason() + " " + expected.errnoName());
        }
    }

    private static void fail(String message) {
        System.out.println("FAILED: " + message);
        System.out.flush();
        System.exit(1);
    }
}
