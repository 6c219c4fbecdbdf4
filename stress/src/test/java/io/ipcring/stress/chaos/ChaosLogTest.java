package io.ipcring.stress.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosLogTest {
    @TempDir
    Path dir;

    @Test
    void linesAreAppendedAcrossOpensAndReadBack() {
        Path file = dir.resolve("log");
        try (ChaosLog log = new ChaosLog(file)) {
            log.line("a");
            log.line("b c");
        }
        try (ChaosLog log = new ChaosLog(file)) {
            log.line("d");
        }
        assertEquals(List.of("a", "b c", "d"), ChaosLogs.lines(file));
    }

    @Test
    void aLastLineCutByAKillIsDroppedAndAMissingLogIsEmpty() throws IOException {
        Path file = dir.resolve("log");
        Files.writeString(file, "1\n2\n3");
        assertEquals(List.of("1", "2"), ChaosLogs.lines(file));
        assertEquals(List.of(), ChaosLogs.lines(dir.resolve("absent")));
    }
}
