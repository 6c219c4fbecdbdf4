package io.ipcring.transport;

/**
 * Test helper: the flags of this process's descriptors, for child processes of tests in other
 * packages to report (the libc binding is package-private).
 */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * @param fd an open descriptor
     * @return whether its open file description has O_NONBLOCK
     */
    public static boolean isNonBlocking(int fd) {
        int flags = NativeIo.LIBC.fcntl(fd, NativeIo.F_GETFL, 0);
        if (flags < 0) {
            throw new NativeIo.NativeCallException("fcntl(fd=" + fd + ", F_GETFL)", NativeIo.errno());
        }
        return (flags & NativeIo.O_NONBLOCK) != 0;
    }
}
