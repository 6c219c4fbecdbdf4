package io.ipcring.ring;

import java.util.concurrent.Executor;

/** Test helper: asynchronous test steps each get a new daemon thread, never a shared pool. */
public final class TestThreads {
    /** Runs each task on a new daemon thread, so a blocked step never starves another. */
    public static final Executor NEW_THREAD = task -> {
        Thread thread = new Thread(task, "test-step");
        thread.setDaemon(true);
        thread.start();
    };

    private TestThreads() {
    }
}
