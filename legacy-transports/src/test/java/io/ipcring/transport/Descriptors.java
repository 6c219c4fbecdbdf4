package io.ipcring.transport;

import io.ipcring.sync.os.Os;
import io.ipcring.transport.internal.NativeIo;

/**
 * Test helper: the flags of this process's descriptors, for child processes of tests in other
 * packages to report (the fcntl constants are package-private).
 */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * @param fd an open descriptor
     * @return whether its open file description has O_NONBLOCK
     */
    public static boolean isNonBlocking(int fd) {
        int flags = Os.CALLS.fcntl(fd, NativeIo.F_GETFL, 0);
        if (flags < 0) {
            throw NativeIo.failure("fcntl(fd=" + fd + ", F_GETFL)", Os.CALLS.errno(), null);
        }
        return (flags & NativeIo.O_NONBLOCK) != 0;
    }
}
