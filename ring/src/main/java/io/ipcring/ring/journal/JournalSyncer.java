package io.ipcring.ring.journal;

import java.util.concurrent.locks.LockSupport;

/**
 * The background msync of {@code sync=periodic}: a daemon thread, {@code ipcring-journal-sync},
 * that calls {@link Journal#sync()} every period. The journal starts one with its process's first
 * appender and stops it when its last appender closes (a last sync follows) or the journal
 * closes; {@link Journal#sync()} does nothing once the journal's meta is unmapped.
 */
final class JournalSyncer implements Runnable {
    private final Journal journal;
    private final long periodNanos;
    private final Thread thread;
    /** Set by {@link #stop()}; read by the thread each period. */
    private volatile boolean stopped;

    JournalSyncer(Journal journal, long periodNanos) {
        this.journal = journal;
        this.periodNanos = periodNanos;
        this.thread = new Thread(this, "ipcring-journal-sync");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        // Volatile: pairs with stop()'s write.
        while (!stopped) {
            long deadline = System.nanoTime() + periodNanos;
            while (!stopped && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(this, deadline - System.nanoTime());
            }
            try {
                journal.sync();
            } catch (RuntimeException e) {
                System.getLogger(Journal.class.getName()).log(System.Logger.Level.WARNING,
                        journal.directory() + ": periodic msync failed: " + e, e);
            }
        }
    }

    /** Makes the thread sync once more and end; returns at once. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }
}
