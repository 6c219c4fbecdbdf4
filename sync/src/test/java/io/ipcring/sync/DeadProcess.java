package io.ipcring.sync;

import io.ipcring.testsupport.ReapedProcess;
import java.io.IOException;

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
        ProcessIdentity identity = ReapedProcess.observed(ProcessIdentity::of);
        if (identity.startTicks() == 0) {
            throw new IllegalStateException("could not read the start time of pid=" + identity.pid());
        }
        return identity;
    }
}
