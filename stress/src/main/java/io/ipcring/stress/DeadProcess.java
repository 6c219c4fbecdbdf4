package io.ipcring.stress;

import io.ipcring.sync.ProcessIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The identity of a process that ran and has died (and been reaped), found once per JVM: what a
 * lock word left by a crashed owner names. Tests craft such words to exercise takeovers without
 * killing anything in the middle of a jcstress run.
 */
public final class DeadProcess {
    private static final ProcessIdentity IDENTITY = find();

    private DeadProcess() {
    }

    /** @return a pid and start time of a process that no longer runs */
    public static ProcessIdentity identity() {
        return IDENTITY;
    }

    private static ProcessIdentity find() {
        try {
            Process process = new ProcessBuilder("sleep", "60").start();
            ProcessIdentity identity;
            try {
                identity = ProcessIdentity.of(process.pid());
            } finally {
                process.destroyForcibly();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("pid=" + process.pid() + " did not die within 10 s");
                }
            }
            if (identity.startTicks() == 0 || identity.isAlive()) {
                throw new IllegalStateException("cannot make a dead process identity: " + identity
                        + " (start time unreadable or process still running)");
            }
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a short-lived process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaping a short-lived process", e);
        }
    }
}
