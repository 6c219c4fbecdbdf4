package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipcring.sync.SysVSemaphoreSet.Op;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * System V semaphore sets between JVMs ({@link SysVSemaphoreChild} runs the others). The atomicity
 * check watches a modest number of state changes by default; the system property
 * {@code ipcring.test.osSemaphoreObservedChanges} raises it.
 */
class SysVSemaphoreSetProcessTest {
    private static final int OBSERVED_CHANGES = Integer.getInteger("ipcring.test.osSemaphoreObservedChanges", 5_000);
    private static final int BALANCE = 1_000;
    private static final int TOTAL = SysVSemaphoreChild.ACCOUNTS * BALANCE;
    private static final long WAIT_SECONDS = 60;
    private static final long POLL_MILLIS = 100;

    private final OsSemaphoreCleaner cleaner = new OsSemaphoreCleaner();

    @AfterEach
    void cleanUp() throws Exception {
        cleaner.close();
    }

    @Test
    void kernelUndoesTheHoldOfAKilledProcess() throws Exception {
        SysVSemaphoreSet set = cleaner.track(SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 2));
        set.set(0, 1);
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), SysVSemaphoreChild.class, "hold",
                Integer.toString(set.id()), "undo")) {
            await(set, child, "the child's hold", Op.withoutUndo(1, -1));
            assertEquals(0, set.get(0), "the child holds the semaphore");
            assertFalse(set.tryApply(Op.of(0, -1)));
            child.kill();
            assertEquals(1, set.get(0), "SEM_UNDO: the kernel gave the dead child's hold back");
            assertTrue(set.tryApply(Op.of(0, -1)));
        }
    }

    @Test
    void holdWithoutUndoStaysAfterTheProcessIsKilled() throws Exception {
        SysVSemaphoreSet set = cleaner.track(SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 2));
        set.set(0, 1);
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), SysVSemaphoreChild.class, "hold",
                Integer.toString(set.id()), "no-undo")) {
            await(set, child, "the child's hold", Op.withoutUndo(1, -1));
            child.kill();
            assertEquals(0, set.get(0), "without SEM_UNDO the hold outlives the process");
            assertFalse(set.tryApply(Op.of(0, -1)));
        }
    }

    @Test
    void observerNeverSeesPartOfATransfer() throws Exception {
        Observation seen = observeTransfers("transfer");
        assertEquals(0, seen.broken, "snapshots with a partial transfer, first: " + seen.firstBroken);
        assertTrue(seen.changes >= OBSERVED_CHANGES, "the observer watched the transfers long enough: " + seen);
    }

    /** Proves the observer above can fail: transfers applied one operation at a time are caught. */
    @Test
    void observerCatchesATransferAppliedInParts() throws Exception {
        Observation seen = observeTransfers("split");
        assertTrue(seen.broken > 0, "the observer saw a split transfer half done: " + seen);
    }

    /**
     * Two children transfer between the accounts while this process reads all of them at once
     * (GETALL) in a loop and checks the sum, until it has seen {@link #OBSERVED_CHANGES} changes
     * or a broken sum; then it stops the children and returns what it saw.
     */
    private Observation observeTransfers(String mode) throws Exception {
        SysVSemaphoreSet set = cleaner.track(
                SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, SysVSemaphoreChild.TRANSFER_SET_SIZE));
        for (int account = 0; account < SysVSemaphoreChild.ACCOUNTS; account++) {
            set.set(account, BALANCE);
        }
        String id = Integer.toString(set.id());
        Observation seen = new Observation();
        try (ChildJvm first = ChildJvm.start(ChildJvmFlags.forIpcring(), SysVSemaphoreChild.class, mode, id, "1");
             ChildJvm second = ChildJvm.start(ChildJvmFlags.forIpcring(), SysVSemaphoreChild.class, mode, id, "2")) {
            List<ChildJvm> children = List.of(first, second);
            for (ChildJvm child : children) {
                await(set, child, "a child's ready", Op.withoutUndo(SysVSemaphoreChild.READY, -1));
            }
            set.set(SysVSemaphoreChild.GATE, children.size());
            int[] previous = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (seen.changes < OBSERVED_CHANGES && seen.broken == 0) {
                int[] accounts = Arrays.copyOf(set.getAll(), SysVSemaphoreChild.ACCOUNTS);
                seen.snapshots++;
                if (Arrays.stream(accounts).sum() != TOTAL) {
                    seen.broken++;
                    if (seen.firstBroken == null) {
                        seen.firstBroken = Arrays.toString(accounts);
                    }
                }
                if (previous != null && !Arrays.equals(previous, accounts)) {
                    seen.changes++;
                }
                previous = accounts;
                if (!first.process().isAlive() || !second.process().isAlive()) {
                    fail("a child ended early: " + seen + "\n" + first.output() + second.output());
                }
                if (System.nanoTime() - end > 0) {
                    fail("too few changes seen in " + WAIT_SECONDS + " s: " + seen);
                }
            }
            set.set(SysVSemaphoreChild.STOP, 1);
            for (ChildJvm child : children) {
                assertEquals(0, child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), child.output());
            }
        }
        int[] after = set.getAll();
        assertEquals(TOTAL, Arrays.stream(after, 0, SysVSemaphoreChild.ACCOUNTS).sum(), "final " + Arrays.toString(after));
        assertArrayEquals(new int[] {0, 0, 1}, Arrays.copyOfRange(after, SysVSemaphoreChild.READY, after.length),
                "ready and gate used up, stop set");
        System.out.println(mode + ": " + seen);
        return seen;
    }

    /** What the observer saw. */
    private static final class Observation {
        long snapshots;
        long changes;
        long broken;
        String firstBroken;

        @Override
        public String toString() {
            return "snapshots=" + snapshots + " changes=" + changes + " broken=" + broken + " firstBroken=" + firstBroken;
        }
    }

    @Test
    void attachWithoutPermissionFailsWithEacces() throws Exception {
        SysVSemaphoreSet set = cleaner.track(SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 1, 0));
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), SysVSemaphoreChild.class, "denied",
                Integer.toString(set.id()))) {
            assertEquals(0, child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), child.output());
        }
    }

    /** Applies {@code op}, failing at once with the child's output if the child has died. */
    private static void await(SysVSemaphoreSet set, ChildJvm child, String what, Op op) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!set.tryApply(POLL_MILLIS, TimeUnit.MILLISECONDS, op)) {
            if (!child.process().isAlive()) {
                fail(what + ": the child exited with " + child.process().exitValue() + ":\n" + child.output());
            }
            if (System.nanoTime() - end > 0) {
                fail(what + ": nothing within " + WAIT_SECONDS + " s; child output:\n" + child.output());
            }
        }
    }
}
