package io.ipcring.ring.unicast;

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
 * A {@code BLOCKING} waiter spins for the process's {@link SpinBudget} before it sleeps: a side
 * answered within the spin never sleeps (so its peer never pays a wake-up), one left waiting
 * longer does. In a child JVM whose budget {@code -Dipcring.spinNanos} sets to 100 ms, so that
 * an answer 1 ms into the wait comes well within it even on a loaded machine.
 */
@Timeout(120)
class WaiterTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void aSideAnsweredWithinTheSpinNeverSleepsAndOneLeftWaitingLongerDoes() throws Exception {
        List<String> flags = new ArrayList<>(ChildJvmFlags.forIpcring());
        flags.add("-D" + SpinBudget.PROPERTY + "=" + TimeUnit.MILLISECONDS.toNanos(100));
        try (ChildJvm child = ChildJvm.start(flags, WaiterSpinChild.class, paths.next("waiter-spin").toString())) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            String output = child.output();
            assertTrue(output.contains("consumerSleeps=0 producerSleeps=0 "), output);
            assertTrue(output.matches("(?s).*idleConsumerSleeps=[1-9][0-9]*.*"), output);
        }
    }
}
