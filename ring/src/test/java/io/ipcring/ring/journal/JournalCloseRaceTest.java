package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A journal appender's or reader's {@code close()} from another thread, racing a poll, a timed
 * poll, an offer or a claim, ends that thread's loop with {@code ChannelClosedException}, never
 * a crash or another exception. The racing runs in a child JVM ({@link JournalCloseRaceMain}),
 * so a crash fails this test instead of the test run.
 */
class JournalCloseRaceTest {
    private static final int ITERATIONS = 150;

    @Test
    void closeFromAnotherThreadEndsTheWorkerWithChannelClosed() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path dir = paths.next("journal-close-race");
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), JournalCloseRaceMain.class, dir.toString(),
                    Integer.toString(ITERATIONS))) {
                int exit = child.waitFor(5, TimeUnit.MINUTES);
                String output = child.output() + crashReport(child.pid());
                assertEquals(0, exit, "child exit (134: the JVM crashed):\n" + output);
                for (JournalCloseRaceMain.Mode mode : JournalCloseRaceMain.Mode.values()) {
                    assertTrue(output.contains("OK mode=" + mode + " iterations=" + ITERATIONS), output);
                }
            }
        }
    }

    /** Reads and removes the crash report a dead child left in the working directory. */
    private static String crashReport(long pid) throws IOException {
        Path report = Path.of("hs_err_pid" + pid + ".log");
        if (!Files.exists(report)) {
            return "";
        }
        String text = Files.readString(report);
        Files.delete(report);
        return "\n" + report + ":\n" + text.substring(0, Math.min(text.length(), 4000));
    }
}
