package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.channel.ChannelException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FanoutCorruptionTest {
    @Test
    void namesTheFileAndWhatWasWrong() {
        ChannelException e = FanoutCorruption.corrupted(Path.of("/dev/shm/x"), "tail=5");
        assertEquals("/dev/shm/x: corrupted ring: tail=5", e.getMessage());
    }
}
