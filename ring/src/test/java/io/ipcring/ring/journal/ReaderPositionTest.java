package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.DeadProcess;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReaderPositionTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void aStoreIsWholeOnlyOnceItsCopyIsActive() throws Exception {
        Path path = paths.next("pos");
        try (ReaderPosition position = ReaderPosition.take(path, "r", new long[] {0, 0, 0})) {
            position.store(1, 64, 9);
            position.store(2, 128, 20);
            assertArrayEquals(new long[] {2, 128, 20}, position.load());
        }
        // a reader killed after writing copy 1 but before flipping leaves copy 0 (2, 128, 20) active
        long copy1 = ReaderPosition.COPY_OFFSET + ReaderPosition.COPY_LENGTH;
        FileBytes.patchLong(path, copy1 + ReaderPosition.SEGMENT, 3);
        try (ReaderPosition position = ReaderPosition.take(path, "r", new long[] {0, 0, 0})) {
            assertArrayEquals(new long[] {2, 128, 20}, position.load());
        }
    }

    @Test
    void aLiveOwnerKeepsTheNameAndADeadOneLosesIt() throws Exception {
        Path path = paths.next("pos");
        try (ReaderPosition position = ReaderPosition.take(path, "r", new long[] {0, 0, 0})) {
            assertThrows(RingSlotsTakenException.class, () -> ReaderPosition.take(path, "r", new long[] {0, 0, 0}));
        }
        FileBytes.patchLong(path, ReaderPosition.OWNER_OFFSET, DeadProcess.packed());
        ReaderPosition.take(path, "r", new long[] {0, 0, 0}).close();
    }
}
