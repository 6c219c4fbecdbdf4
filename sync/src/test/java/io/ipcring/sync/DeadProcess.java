package io.ipcring.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Test support, the one way the tests make a dead owner: the identity of a process that ran and
 * has died (and been reaped), found once per JVM. Its pid may be reused later, but never with its
 * start time, so it stays dead for the whole run.
 */
public final class DeadProcess {
    private static ProcessIdentity identity;

    private DeadProcess() {
    }

    /** @return a pid and start time of a process that no longer runs */
    public static synchronized ProcessIdentity identity() {
        if (identity == null) {
            identity = find();
        }
        return identity;
    }

    /** @return {@link #identity()} packed, as an owner word left by a crashed owner holds it */
    public static long packed() {
        return identity().pack();
    }

    private static ProcessIdentity find() {
        try {
            Process process = new ProcessBuilder("sleep", "60").start();
            ProcessIdentity found;
            try {
                found = ProcessIdentity.of(process.pid());
            } finally {
                process.destroyForcibly();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("pid=" + process.pid() + " did not die within 10 s");
                }
            }
            if (found.startTicks() == 0 || found.isAlive()) {
                throw new IllegalStateException("cannot make a dead process identity: " + found
                        + " (start time unreadable or process still running)");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a short-lived process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaping a short-lived process", e);
        }
    }
}
