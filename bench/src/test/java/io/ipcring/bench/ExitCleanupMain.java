package io.ipcring.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A child JVM for {@link ExitCleanupTest} (main class): creates the file named by its first
 * argument, registers an {@link ExitCleanup} that deletes it, starts {@code sleep 600} through
 * it, prints {@code SLEEP <pid>} and then, with {@code wait}, waits to be killed; with
 * {@code close}, closes the cleanup and exits on its own.
 */
public final class ExitCleanupMain {
    private ExitCleanupMain() {
    }

    /**
     * @param args the file, then {@code wait} or {@code close}
     * @throws Exception on failure: the test sees the exit code
     */
    public static void main(String[] args) throws Exception {
        Path file = Paths.get(args[0]);
        Files.createFile(file);
        ExitCleanup cleanup = new ExitCleanup("test-exit-cleanup", () -> {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                System.out.println("cannot delete " + file + ": " + e);
            }
        });
        Process sleep = cleanup.start(new ProcessBuilder("sleep", "600"));
        System.out.println("SLEEP " + sleep.pid());
        System.out.flush();
        if (args[1].equals("close")) {
            sleep.destroyForcibly().waitFor();
            cleanup.close();
            System.exit(0);
        }
        Thread.sleep(600_000);
    }
}
