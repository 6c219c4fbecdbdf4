package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, defect 3: {@code close()} racing a {@code poll()}, {@code offer()} or a blocked wait
 * in another thread ends in {@link ChannelClosedException} for that thread, never a JVM crash,
 * on every ring kind. The racing runs in a child JVM ({@link CloseRacingUseMain}), so a crash
 * fails this test instead of killing the test run.
 */
class CloseRacingUseTest {
    /** Races per kind and mode; each is one ring attach, a worker thread and a close. */
    private static final int ITERATIONS = 200;

    @ParameterizedTest
    @ValueSource(strings = {"wait=block", "wait=spin", "kind=mpsc", "kind=broadcast", "kind=workqueue"})
    void closeFromAnotherThreadEndsTheWorkerWithChannelClosed(String kind) throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path ring = paths.next("close-race");
            String uri = "shm:" + ring + "?capacity=65536&" + kind;
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), CloseRacingUseMain.class, uri,
                    Integer.toString(ITERATIONS))) {
                boolean ended = child.process().waitFor(5, TimeUnit.MINUTES);
                String output = child.output() + crashReport(child.pid());
                assertTrue(ended, "the child still runs after 5 minutes:\n" + output);
                assertEquals(0, child.process().exitValue(), "child exit (134: the JVM crashed):\n" + output);
                for (CloseRacingUseMain.Mode mode : CloseRacingUseMain.Mode.values()) {
                    assertTrue(output.contains("OK mode=" + mode + " iterations=" + ITERATIONS), output);
                }
            }
        }
    }

    @Test
    void ringQueueCloseStillEndsTakersAndPuttersWithIllegalState() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path queue = paths.next("close-race-queue");
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), CloseRacingUseMain.class, "queue",
                    queue.toString(), Integer.toString(ITERATIONS))) {
                boolean ended = child.process().waitFor(5, TimeUnit.MINUTES);
                String output = child.output() + crashReport(child.pid());
                assertTrue(ended, "the child still runs after 5 minutes:\n" + output);
                assertEquals(0, child.process().exitValue(), "child exit (134: the JVM crashed):\n" + output);
                assertTrue(output.contains("OK mode=QUEUE iterations=" + ITERATIONS), output);
            }
        }
    }

    /** Reads and removes the crash report a dead child left in the working directory. */
    private static String crashReport(long pid) throws IOException {
        Path report = Paths.get("hs_err_pid" + pid + ".log");
        if (!Files.exists(report)) {
            return "";
        }
        String text = Files.readString(report);
        Files.delete(report);
        return "\n" + report + ":\n" + text.substring(0, Math.min(text.length(), 4000));
    }
}
