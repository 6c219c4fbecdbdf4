package io.ipcring.transport.socket;

import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.StreamOptions;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The listening side of a {@code unix:} server on native descriptors: a non-blocking listening
 * socket and its accepted connections (each an {@link FdStream}), watched together by one
 * {@code poll(2)} over an array of {@code struct pollfd} kept in a reused direct buffer.
 *
 * <pre>
 * struct pollfd (8 bytes), entry 0 the listening socket, entry i + 1 connections[i]
 *  0      4        6         8
 *  | fd   | events | revents |
 * </pre>
 *
 * <p>A connection is added at the end when accepted; one closed (by the server, the user or a
 * failure) stays in the array, skipped, until the next {@link #await}, which compacts the array
 * before calling {@code poll(2)}: a closed descriptor, whose number the kernel may already have
 * given to another file, is never polled. A wait sleeps in {@code poll(2)} for at most
 * {@value #POLL_SLICE_MILLIS} ms at a time so the caller notices interrupts. Steady-state
 * polling allocates nothing; the arrays grow (doubling) only when connections arrive.
 */
final class UnixListener implements Listener {
    /** Longest single {@code poll(2)} sleep. */
    static final int POLL_SLICE_MILLIS = 100;
    /** Bytes of one {@code struct pollfd}. */
    private static final int POLLFD_SIZE = 8;
    private static final int POLLFD_FD = 0;
    private static final int POLLFD_EVENTS = 4;
    private static final int POLLFD_REVENTS = 6;
    /** {@code poll}: data (or a pending connection) to read. */
    private static final short POLLIN = 0x1;
    private static final int INITIAL_CONNECTIONS = 8;

    private final String uri;
    private final int listenFd;
    private final UnixSocketFile file;
    private final SocketAddress localAddress;
    private final StreamOptions options;
    private final Consumer<Connection> onClose;
    private final ByteBuffer scratch = SocketStructs.scratch();
    private ByteBuffer pollFds;
    private long pollFdsAddress;
    private Connection[] connections = new Connection[INITIAL_CONNECTIONS];
    private int count;
    private boolean closed;

    private UnixListener(String uri, int listenFd, UnixSocketFile file, StreamOptions options, Consumer<Connection> onClose) {
        this.uri = uri;
        this.listenFd = listenFd;
        this.file = file;
        this.localAddress = UnixDomainSocketAddress.of(file.path());
        this.options = options;
        this.onClose = onClose;
        allocatePollFds(INITIAL_CONNECTIONS + 1);
        putEntry(0, listenFd);
    }

    /**
     * Creates the socket, binds it to {@code path} (mode 0600, see {@link UnixSocketFile}) and
     * listens.
     *
     * @param uri     the server's URI, for names and messages
     * @param path    the absolute socket path
     * @param options the connections' options
     * @param onClose told when a connection closes
     * @return the listener
     * @throws ChannelException when the socket cannot be bound or listened on
     */
    static UnixListener open(String uri, Path path, StreamOptions options, Consumer<Connection> onClose) {
        int fd = UnixSocketLibc.openStreamSocket();
        UnixSocketFile file = null;
        try {
            file = UnixSocketFile.bind(fd, SocketStructs.scratch(), path, uri);
            if (Os.CALLS.listen(fd, UnixSocketLibc.LISTEN_BACKLOG) != 0) {
                throw NativeIo.failure("listen(" + path + ")", Os.CALLS.errno(), uri);
            }
            return new UnixListener(uri, fd, file, options, onClose);
        } catch (RuntimeException e) {
            NativeIo.close(fd);
            if (file != null) {
                file.remove();
            }
            throw e;
        }
    }

    @Override
    public void await(long waitMillis, Events events) {
        compact();
        int millis = (int) Math.min(waitMillis, POLL_SLICE_MILLIS);
        int ready = Os.CALLS.poll(pollFdsAddress, count + 1, millis);
        if (ready < 0) {
            int errno = Os.CALLS.errno();
            if (errno == Errno.EINTR) {
                return;
            }
            throw NativeIo.failure("poll over " + (count + 1) + " sockets", errno, uri);
        }
        if (ready == 0) {
            return;
        }
        // accepting (after this loop) may grow the arrays and append; closing only marks
        int size = count;
        for (int i = 0; i < size; i++) {
            // any event (data, hang-up, error, even POLLNVAL) is for the read to report
            if (pollFds.getShort(entry(i + 1) + POLLFD_REVENTS) != 0) {
                events.onReadable(connections[i]);
            }
        }
        if (pollFds.getShort(POLLFD_REVENTS) != 0) {
            events.onAcceptable();
        }
    }

    @Override
    public Connection accept(long id) {
        int fd;
        do {
            fd = UnixSocketLibc.accept(listenFd, scratch);
        } while (fd == -Errno.EINTR || fd == -Errno.ECONNABORTED);
        if (fd == -Errno.EAGAIN) {
            return null;
        }
        if (fd < 0) {
            throw NativeIo.failure("accept4(fd=" + listenFd + ")", -fd, uri);
        }
        FdStream stream = null;
        try {
            SocketAddress remote = SocketStructs.readAddress(scratch);
            PeerCredentials credentials = UnixSocketLibc.peerCredentials(fd, scratch);
            String name = uri + " connection " + id + " (pid " + credentials.pid() + ", uid " + credentials.uid() + ")";
            stream = FdStream.nonBlocking(fd, name);
            Connection c = new Connection(id, remote, credentials, stream, options, onClose);
            add(fd, c);
            return c;
        } catch (RuntimeException e) {
            if (stream != null) {
                stream.close();
            } else {
                NativeIo.close(fd);
            }
            throw new ChannelException(uri + ": cannot set up an accepted connection: " + e.getMessage(), e);
        }
    }

    private void add(int fd, Connection c) {
        if (count == connections.length) {
            connections = Arrays.copyOf(connections, 2 * count);
            ByteBuffer old = pollFds;
            allocatePollFds(connections.length + 1);
            pollFds.put(0, old, 0, (count + 1) * POLLFD_SIZE);
        }
        connections[count] = c;
        count++;
        putEntry(count, fd);
    }

    /** Drops the connections closed since the last poll, keeping the others in order. */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            Connection c = connections[i];
            if (!c.isOpen()) {
                continue;
            }
            if (kept != i) {
                connections[kept] = c;
                putEntry(kept + 1, pollFds.getInt(entry(i + 1) + POLLFD_FD));
            }
            kept++;
        }
        Arrays.fill(connections, kept, count, null);
        count = kept;
    }

    private void allocatePollFds(int entries) {
        pollFds = ByteBuffer.allocateDirect(entries * POLLFD_SIZE).order(ByteOrder.nativeOrder());
        pollFdsAddress = NativeIo.address(pollFds);
    }

    private void putEntry(int index, int fd) {
        int at = entry(index);
        pollFds.putInt(at + POLLFD_FD, fd);
        pollFds.putShort(at + POLLFD_EVENTS, POLLIN);
        pollFds.putShort(at + POLLFD_REVENTS, (short) 0);
    }

    private static int entry(int index) {
        return index * POLLFD_SIZE;
    }

    /** @return the number of connections in the poll array (open ones, and closed ones not yet compacted) */
    int polledConnections() {
        return count;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeIo.close(listenFd);
        file.remove();
    }
}
