package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.SpinBudget;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fan-out rings' signal spins for the process's {@link SpinBudget} before a waiter sleeps
 * on it: a subscriber or consumer answered within the spin never sleeps (the signal stays
 * unarmed, so the producers keep paying no fence), one left waiting longer does. In a child JVM
 * whose budget {@code -Dipcring.spinNanos} sets to 50 ms (half a housekeeping slice, each of which
 * spins once), so that an answer 1 ms into the wait comes well within it even on a loaded machine.
 */
@Timeout(120)
class FanoutIdleTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void aWaiterAnsweredWithinTheSpinNeverSleepsAndOneLeftWaitingLongerDoes() throws Exception {
        List<String> flags = new ArrayList<>(ChildJvmFlags.forIpcring());
        flags.add("-D" + SpinBudget.PROPERTY + "=" + TimeUnit.MILLISECONDS.toNanos(50));
        try (ChildJvm child = ChildJvm.start(flags, FanoutSpinChild.class, paths.next("spin-workqueue").toString(),
                paths.next("spin-broadcast").toString())) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("workQueueArmed=0 broadcastArmed=0 idleArmed=1"), child.output());
        }
    }
}
