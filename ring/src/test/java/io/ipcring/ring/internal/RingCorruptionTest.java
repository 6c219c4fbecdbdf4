package io.ipcring.ring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RingCorruptionTest {
    @Test
    void namesTheFileAndWhatWasWrongTheSameWayForAPathOrItsText() {
        assertEquals("/dev/shm/x: corrupted ring: tail=5",
                RingCorruption.corrupted(Path.of("/dev/shm/x"), "tail=5").getMessage());
        assertEquals("/dev/shm/x: corrupted ring: tail=5", RingCorruption.corrupted("/dev/shm/x", "tail=5").getMessage());
    }
}
