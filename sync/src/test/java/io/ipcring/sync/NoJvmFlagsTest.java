package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the sync module on a plain {@code java -cp ... Main} with no flags at all (and none slipped
 * in through {@code JAVA_TOOL_OPTIONS} and friends), and fails when the JVM complains: if an
 * {@code --add-opens}/{@code --add-exports} ever becomes necessary, the child fails or warns.
 */
@Timeout(120)
class NoJvmFlagsTest {
    @Test
    void theSyncModuleRunsOnAJvmWithoutFlagsAndWithoutWarnings() throws Exception {
        Path path = SharedRegion.pathOf(ScratchRegion.uniqueName("no-flags"));
        try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.thisJava(), List.of(), System.getProperty("java.class.path"),
                NoJvmFlagsChild.class, path.toString())) {
            int exit = child.waitFor(60, TimeUnit.SECONDS);
            String output = child.output();
            assertEquals(0, exit, output);
            assertEquals("DONE", output.strip(), "the child printed something besides DONE (stdout and stderr)");
            String lower = output.toLowerCase(Locale.ROOT);
            for (String complaint : List.of("warning", "illegal", "add-opens", "add-exports", "inaccessible")) {
                assertFalse(lower.contains(complaint), complaint + " in: " + output);
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
