package io.ipcring.sync;

import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out unique names for POSIX named semaphores, files and System V sets a test creates, and
 * removes all of them in {@link #close()}, also after a failure: names are unlinked, sets removed
 * with IPC_RMID, files deleted. Names carry the pid and a random suffix so parallel runs and
 * leftovers of a killed run never collide.
 */
final class OsSemaphoreCleaner implements AutoCloseable {
    private static final Path SHM = Paths.get("/dev/shm");

    private final List<String> names = new ArrayList<>();
    private final List<SysVSemaphoreSet> sets = new ArrayList<>();
    private final TestPaths files = new TestPaths();

    /** @return a fresh POSIX semaphore name, unlinked on close */
    String semaphoreName(String label) {
        String name = "/" + TestPaths.uniqueName(label);
        names.add(name);
        return name;
    }

    /** @return a fresh path in /dev/shm (not created), deleted on close */
    Path file(String label) {
        return files.next(label);
    }

    /** @return {@code set}, removed on close */
    SysVSemaphoreSet track(SysVSemaphoreSet set) {
        sets.add(set);
        return set;
    }

    /** @return the file glibc keeps a POSIX named semaphore in */
    static Path semaphoreFile(String name) {
        return SHM.resolve("sem." + name.substring(1));
    }

    /** @return true while the kernel has a set with that id */
    static boolean setExists(int id) {
        try {
            SysVSemaphoreSet.ofId(id);
            return true;
        } catch (OsSemaphoreException e) {
            return false;
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (String name : names) {
            try {
                PosixNamedSemaphore.unlink(name);
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
            if (Files.exists(semaphoreFile(name))) {
                failure = chain(failure, new IllegalStateException(semaphoreFile(name) + " still exists"));
            }
        }
        for (SysVSemaphoreSet set : sets) {
            try {
                set.remove();
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
            if (setExists(set.id())) {
                failure = chain(failure, new IllegalStateException(set + " still exists"));
            }
        }
        files.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
