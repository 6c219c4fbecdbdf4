package io.ipcring.sync;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;

/**
 * Lets a child JVM give up root, so a test run as root can still see permission checks: root
 * passes every file-mode and IPC-mode check. The user is nobody (65534); supplementary groups
 * are kept, which only matters for objects with group permission bits, and the permission tests
 * create theirs with mode 0000.
 */
final class Unprivileged {
    private static final int NOBODY = 65534;

    private Unprivileged() {
    }

    /**
     * Becomes nobody when running as root, for the rest of the process's life. Classes the
     * caller needs afterwards must be loaded before: nobody may not read the build's class path
     * under /root.
     *
     * @return true if the process gave up root, false if it never had it
     */
    static boolean becomeNobodyIfRoot() {
        if (Os.CALLS.geteuid() != 0) {
            return false;
        }
        // group first: once the user is nobody, changing the group is no longer allowed
        if (Os.CALLS.setgid(NOBODY) != 0 || Os.CALLS.setuid(NOBODY) != 0) {
            throw new IllegalStateException("cannot become uid/gid " + NOBODY + ": " + Errno.describe(Os.CALLS.errno()));
        }
        if (Os.CALLS.geteuid() != NOBODY) {
            throw new IllegalStateException("still euid " + Os.CALLS.geteuid() + " after setuid(" + NOBODY + ")");
        }
        return true;
    }
}
