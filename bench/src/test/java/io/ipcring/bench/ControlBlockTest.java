package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlBlockTest {
    @Test
    void eachSideSeesTheOthersStepsAndFigures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("control");
        try (ControlBlock parent = ControlBlock.create(file); ControlBlock child = ControlBlock.open(file)) {
            assertThrows(TimeoutException.class, () -> parent.await(Step.STARTED, 10, TimeUnit.MILLISECONDS));
            child.reach(Step.OPENED);
            parent.await(Step.STARTED, 1, TimeUnit.SECONDS);
            parent.await(Step.OPENED, 1, TimeUnit.SECONDS);
            assertThrows(TimeoutException.class, () -> parent.await(Step.RECEIVED, 10, TimeUnit.MILLISECONDS));
            child.putThroughput(123, 456);
            child.reach(Step.RECEIVED);
            parent.await(Step.RECEIVED, 1, TimeUnit.SECONDS);
            assertEquals(123, parent.received());
            assertEquals(456, parent.elapsedNanos());
            assertThrows(TimeoutException.class, () -> child.await(Step.OPENED, 10, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void anAbortEndsTheOtherSidesWait(@TempDir Path dir) {
        Path file = dir.resolve("control");
        try (ControlBlock parent = ControlBlock.create(file); ControlBlock child = ControlBlock.open(file)) {
            parent.reach(Step.ABORTED);
            assertThrows(CaseAbortedException.class, () -> child.await(Step.OPENED, 1, TimeUnit.SECONDS));
        }
    }
}
