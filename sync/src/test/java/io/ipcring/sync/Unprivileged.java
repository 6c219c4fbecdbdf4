package io.ipcring.sync;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

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
        POSIX posix = POSIXFactory.getNativePOSIX();
        if (posix.geteuid() != 0) {
            return false;
        }
        if (posix.setgid(NOBODY) != 0 || posix.setuid(NOBODY) != 0) {
            throw new IllegalStateException("cannot become uid/gid " + NOBODY + ": errno " + posix.errno());
        }
        if (posix.geteuid() != NOBODY) {
            throw new IllegalStateException("still euid " + posix.geteuid() + " after setuid(" + NOBODY + ")");
        }
        return true;
    }
}
