package io.ipcring.sync;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Test support: the identity of a process that ran and has died (and been reaped). */
public final class DeadProcess {
    private DeadProcess() {
    }

    /**
     * Starts a short-lived process, reads its identity while it runs, kills and reaps it.
     *
     * @return the identity of a process that no longer runs
     * @throws IOException          if the process cannot be started
     * @throws InterruptedException if interrupted while reaping it
     */
    public static ProcessIdentity identity() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sleep", "60").start();
        try {
            ProcessIdentity identity = ProcessIdentity.of(process.pid());
            if (identity.startTicks() == 0) {
                throw new IllegalStateException("could not read the start time of pid " + process.pid());
            }
            return identity;
        } finally {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " did not die");
            }
        }
    }
}
