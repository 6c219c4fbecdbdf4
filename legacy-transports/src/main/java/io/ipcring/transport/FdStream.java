package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link ByteStream} over a raw file descriptor (a pipe or FIFO end, a connected Unix domain
 * socket) through libc {@code read}/{@code writev}/{@code poll}, allocating nothing per call.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link #nonBlocking}: the descriptor has O_NONBLOCK; reads and writes return EAGAIN when
 *       they would wait. A read failing with ECONNRESET (a socket's peer that closed abruptly)
 *       is an end of stream; a write failing with EPIPE or ECONNRESET means the peer is gone
 *       ({@link ChannelClosedException}).</li>
 *   <li>{@link #gated}: the descriptor is blocking and must stay so because it is shared with
 *       other processes (a process's stdin/stdout may be a terminal or a pipe its parent
 *       shares). On a pipe or socket each read and write is made non-blocking for that call
 *       only, with {@code preadv2}/{@code pwritev2} and {@code RWF_NOWAIT} (anonymous pipes since
 *       Linux 6.4, sockets since 4.14): one system call, behaving as on a non-blocking
 *       descriptor. Where the kernel refuses that (EOPNOTSUPP: a named FIFO, an older kernel) and
 *       on anything else (a terminal, a file), every read and write is preceded by a
 *       zero-timeout {@code poll} instead: a read happens only when data is there, and then
 *       returns what is there without waiting; a write happens only when the pipe has room, and
 *       then completes the whole buffer, possibly waiting for the reader to drain the pipe. A
 *       read right after {@link #awaitReadable} reported data skips that gate: the data is
 *       there, since this stream is its only reader (two readers of one stream of frames would
 *       each get pieces of the other's frames anyway).</li>
 * </ul>
 *
 * <p>Per message on the hot path: one {@code read} (or {@code preadv2}), one {@code writev} (or
 * {@code pwritev2}); {@code poll} only in the {@code await} methods, which a caller uses to wait
 * with a timeout, and in the gated fallback. No {@code fcntl} after construction.
 *
 * <p>One thread may read (and wait to read) while another writes (and waits to write): each
 * direction has its own {@code struct pollfd}, so a socket used both ways by two threads never
 * has one thread's wait take the other's events. Otherwise not thread-safe; {@link #close()}
 * must not run concurrently with another call (the descriptor number could be reused by another
 * open).
 */
public final class FdStream implements ByteStream {
    /** Longest single {@code poll} wait, so interrupts and closes are noticed. */
    private static final int POLL_SLICE_MILLIS = 100;
    /** Most buffers in one gathering write. */
    private static final int MAX_IOV = 4;
    /** Bytes of one {@code struct iovec}: base pointer and length. */
    private static final int IOVEC_SIZE = 16;
    /** Bytes of one {@code struct pollfd}: int fd, short events, short revents. */
    private static final int POLLFD_SIZE = 8;
    private static final int POLLFD_FD = 0;
    private static final int POLLFD_EVENTS = 4;
    private static final int POLLFD_REVENTS = 6;

    private final int fd;
    private final boolean gated;
    private final boolean stdio;
    private final String name;
    private final ByteBuffer iov = ByteBuffer.allocateDirect(MAX_IOV * IOVEC_SIZE).order(ByteOrder.nativeOrder());
    private final long iovAddress = NativeIo.address(iov);
    /** The reading thread's own {@code struct iovec}, for {@code preadv2}. */
    private final ByteBuffer readIov = ByteBuffer.allocateDirect(IOVEC_SIZE).order(ByteOrder.nativeOrder());
    private final long readIovAddress = NativeIo.address(readIov);
    private final ByteBuffer readPollFd;
    private final long readPollFdAddress;
    private final ByteBuffer writePollFd;
    private final long writePollFdAddress;
    /** Gated reads use RWF_NOWAIT, until the kernel refuses it; touched by the reading thread only. */
    private boolean nowaitReads;
    /**
     * {@link #awaitReadable} has just reported data (or end of stream, or an error) and nothing
     * has been read since: the next gated read needs no gate of its own. Reading thread only.
     */
    private boolean readableReported;
    /** Gated writes use RWF_NOWAIT, until the kernel refuses it; touched by the writing thread only. */
    private boolean nowaitWrites;
    private boolean closed;

    private FdStream(int fd, boolean gated, boolean stdio, String name) {
        this.fd = fd;
        this.gated = gated;
        this.stdio = stdio;
        this.name = name;
        boolean nowait = gated && NativeIo.isPipeOrSocket(fd);
        this.nowaitReads = nowait;
        this.nowaitWrites = nowait;
        readPollFd = pollFd(fd, NativeIo.POLLIN);
        readPollFdAddress = NativeIo.address(readPollFd);
        writePollFd = pollFd(fd, NativeIo.POLLOUT);
        writePollFdAddress = NativeIo.address(writePollFd);
    }

    /**
     * Wraps a descriptor that has O_NONBLOCK set (or sets it: the caller owns the open file
     * description). {@link #close()} closes the descriptor.
     *
     * @param fd   the descriptor, owned by the stream from now on
     * @param name what it is, for error messages
     * @return the stream
     */
    public static FdStream nonBlocking(int fd, String name) {
        NativeIo.setNonBlocking(fd);
        return new FdStream(fd, false, false, name);
    }

    /**
     * Wraps a blocking descriptor without changing its flags (see the class comment).
     * {@link #close()} closes the descriptor.
     *
     * @param fd   the descriptor, owned by the stream from now on
     * @param name what it is, for error messages
     * @return the stream
     */
    public static FdStream gated(int fd, String name) {
        return new FdStream(fd, true, false, name);
    }

    /**
     * Wraps this process's stdin (0) or stdout (1) in gated mode. {@link #close()} replaces the
     * descriptor with {@code /dev/null} rather than closing it, so the peer sees end of stream
     * while the descriptor number stays valid for anything still holding it (such as
     * {@code FileDescriptor.out}).
     *
     * @param fd   0 or 1
     * @param name what it is, for error messages
     * @return the stream
     */
    public static FdStream stdio(int fd, String name) {
        return stdio(fd, name, false);
    }

    /**
     * Wraps this process's stdin (0) or stdout (1): in gated mode as {@link #stdio(int, String)}
     * does, or, when {@code ownDescription} says that no other process shares the open file
     * description behind it (such as the pipes {@link io.ipcring.transport.pipe.PipeProcess}
     * opens for its child alone), in non-blocking mode: O_NONBLOCK is set on it, which then
     * affects nobody else. Either way {@link #close()} replaces the descriptor with
     * {@code /dev/null}.
     *
     * @param fd             0 or 1
     * @param name           what it is, for error messages
     * @param ownDescription true only when this process alone holds the open file description
     * @return the stream
     */
    public static FdStream stdio(int fd, String name, boolean ownDescription) {
        if (fd != 0 && fd != 1) {
            throw new IllegalArgumentException("fd=" + fd + " is not stdin (0) or stdout (1)");
        }
        if (ownDescription) {
            NativeIo.setNonBlocking(fd);
        }
        return new FdStream(fd, !ownDescription, true, name);
    }

    /** @return whether reads and writes are gated (the descriptor is blocking and stays so) */
    boolean isGated() {
        return gated;
    }

    @Override
    public int read(ByteBuffer dst) {
        checkOpen();
        int remaining = dst.remaining();
        boolean reported = readableReported;
        readableReported = false;
        if (remaining == 0 || (gated && !nowaitReads && !reported && !ready(NativeIo.POLLIN))) {
            return 0;
        }
        long address = NativeIo.address(dst) + dst.position();
        long n = readOnce(address, remaining);
        if (n < 0 && nowaitReads && refusesNowait(Os.CALLS.errno())) {
            nowaitReads = false;
            if (!ready(NativeIo.POLLIN)) {
                return 0;
            }
            n = readOnce(address, remaining);
        }
        if (n > 0) {
            dst.position(dst.position() + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return -1;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.EAGAIN) {
            return 0;
        }
        if (errno == Errno.ECONNRESET) {
            // a socket peer that closed abruptly: an end of stream, which the decoder tells apart
            // as a clean close between frames or a truncated frame
            return -1;
        }
        throw NativeIo.failure("read(fd=" + fd + ")", errno, name);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int count) {
        checkOpen();
        if (count < 1 || count > MAX_IOV) {
            throw new IllegalArgumentException("count=" + count + " must be in [1, " + MAX_IOV + "]");
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[offset + i];
            iov.putLong(i * IOVEC_SIZE, NativeIo.address(b) + b.position());
            iov.putLong(i * IOVEC_SIZE + 8, b.remaining());
            total += b.remaining();
        }
        if (total == 0 || (gated && !nowaitWrites && !ready(NativeIo.POLLOUT))) {
            return 0;
        }
        long n = writeOnce(count);
        if (n < 0 && nowaitWrites && refusesNowait(Os.CALLS.errno())) {
            nowaitWrites = false;
            if (!ready(NativeIo.POLLOUT)) {
                return 0;
            }
            n = writeOnce(count);
        }
        if (n < 0) {
            int errno = Os.CALLS.errno();
            if (errno == Errno.EAGAIN) {
                return 0;
            }
            throw NativeIo.failure("writev(fd=" + fd + ")", errno, name);
        }
        long left = n;
        for (int i = 0; i < count && left > 0; i++) {
            ByteBuffer b = srcs[offset + i];
            int step = (int) Math.min(left, b.remaining());
            b.position(b.position() + step);
            left -= step;
        }
        return n;
    }

    /** One read, retried on EINTR; errno is the caller's to read when the result is negative. */
    private long readOnce(long address, int length) {
        long n;
        do {
            if (nowaitReads) {
                readIov.putLong(0, address);
                readIov.putLong(8, length);
                n = Os.CALLS.preadv2(fd, readIovAddress, 1, NativeIo.CURRENT_POSITION, NativeIo.RWF_NOWAIT);
            } else {
                n = Os.CALLS.read(fd, address, length);
            }
        } while (n < 0 && Os.CALLS.errno() == Errno.EINTR);
        return n;
    }

    /** One gathering write of the prepared iovecs, retried on EINTR. */
    private long writeOnce(int count) {
        long n;
        do {
            n = nowaitWrites
                    ? Os.CALLS.pwritev2(fd, iovAddress, count, NativeIo.CURRENT_POSITION, NativeIo.RWF_NOWAIT)
                    : Os.CALLS.writev(fd, iovAddress, count);
        } while (n < 0 && Os.CALLS.errno() == Errno.EINTR);
        return n;
    }

    /** The kernel cannot make this descriptor's calls non-blocking one by one (or lacks the call). */
    private static boolean refusesNowait(int errno) {
        return errno == Errno.EOPNOTSUPP || errno == Errno.ENOSYS || errno == Errno.EINVAL;
    }

    /** @return whether reads are made non-blocking per call (RWF_NOWAIT) rather than gated by poll */
    boolean readsWithoutGate() {
        return !gated || nowaitReads;
    }

    /** @return whether writes are made non-blocking per call (RWF_NOWAIT) rather than gated by poll */
    boolean writesWithoutGate() {
        return !gated || nowaitWrites;
    }

    @Override
    public boolean awaitReadable(long timeoutNanos) throws InterruptedException {
        boolean readable = await(NativeIo.POLLIN, timeoutNanos);
        readableReported = readable;
        return readable;
    }

    @Override
    public boolean awaitWritable(long timeoutNanos) throws InterruptedException {
        return await(NativeIo.POLLOUT, timeoutNanos);
    }

    private boolean await(short events, long timeoutNanos) throws InterruptedException {
        checkOpen();
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException(name + ": interrupted while waiting");
            }
            long left = deadline - System.nanoTime();
            int millis = left <= 0 ? 0 : (int) Math.min(POLL_SLICE_MILLIS, (left + 999_999) / 1_000_000);
            if (poll(events, millis)) {
                return true;
            }
            if (millis == 0 || System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
    }

    private static ByteBuffer pollFd(int fd, short events) {
        ByteBuffer pollFd = ByteBuffer.allocateDirect(POLLFD_SIZE).order(ByteOrder.nativeOrder());
        pollFd.putInt(POLLFD_FD, fd);
        pollFd.putShort(POLLFD_EVENTS, events);
        return pollFd;
    }

    private boolean ready(short events) {
        return poll(events, 0);
    }

    /** An error or hang-up counts as ready: the following read or write reports it. */
    private boolean poll(short events, int millis) {
        boolean reading = events == NativeIo.POLLIN;
        ByteBuffer pollFd = reading ? readPollFd : writePollFd;
        pollFd.putShort(POLLFD_REVENTS, (short) 0);
        int n = Os.CALLS.poll(reading ? readPollFdAddress : writePollFdAddress, 1, millis);
        if (n < 0) {
            int errno = Os.CALLS.errno();
            if (errno == Errno.EINTR) {
                return false;
            }
            throw NativeIo.failure("poll(fd=" + fd + ")", errno, name);
        }
        short revents = pollFd.getShort(POLLFD_REVENTS);
        if ((revents & NativeIo.POLLNVAL) != 0) {
            throw new ChannelClosedException(name + ": descriptor " + fd + " is not open");
        }
        return (revents & (events | NativeIo.POLLERR | NativeIo.POLLHUP)) != 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(name + " is closed");
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the descriptor number */
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (stdio) {
            int devNull = NativeIo.open("/dev/null", fd == 0 ? NativeIo.O_RDONLY : NativeIo.O_WRONLY);
            try {
                NativeIo.dup2(devNull, fd);
            } finally {
                NativeIo.close(devNull);
            }
        } else {
            NativeIo.close(fd);
        }
    }
}
