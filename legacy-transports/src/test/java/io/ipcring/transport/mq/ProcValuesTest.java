package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcValuesTest {
    @TempDir
    Path dir;

    @Test
    void readsAProcSysNumberCompletely() throws IOException {
        Path file = Paths.get("/proc/sys/fs/mqueue/queues_max");
        assertEquals(Long.parseLong(Files.readAllLines(file).get(0).trim()), ProcValues.read(file));
        assertTrue(ProcValues.read(file) >= 0);
    }

    @Test
    void missingOrGarbageIsUnknown() throws IOException {
        assertEquals(ProcValues.UNKNOWN, ProcValues.read(dir.resolve("absent")));
        assertEquals(ProcValues.UNKNOWN, ProcValues.read(Files.writeString(dir.resolve("garbage"), "ten\n")));
        assertEquals(ProcValues.UNKNOWN, ProcValues.read(Files.writeString(dir.resolve("empty"), "")));
    }

    @Test
    void readsTheSoftLimitOfALimitsFile() throws IOException {
        Path limits = Files.writeString(dir.resolve("limits"),
                "Limit                     Soft Limit           Hard Limit           Units     \n"
                        + "Max open files            1024                 1048576              files     \n"
                        + "Max msgqueue size         819200               819201               bytes     \n");
        assertEquals(819200, ProcValues.softLimit(limits, "Max msgqueue size"));
        assertEquals(1024, ProcValues.softLimit(limits, "Max open files"));
        assertEquals(ProcValues.UNKNOWN, ProcValues.softLimit(limits, "Max locked memory"));
        Path unlimited = Files.writeString(dir.resolve("unlimited"), "Max msgqueue size         unlimited            unlimited            bytes\n");
        assertEquals(ProcValues.UNLIMITED, ProcValues.softLimit(unlimited, "Max msgqueue size"));
    }

    @Test
    void readsThisProcessesMessageQueueLimit() {
        assertTrue(ProcValues.softLimit(Paths.get("/proc/self/limits"), "Max msgqueue size") > 0);
    }
}
