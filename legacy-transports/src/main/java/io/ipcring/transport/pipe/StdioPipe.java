package io.ipcring.transport.pipe;

import io.ipcring.transport.FdStream;
import io.ipcring.transport.StreamChannel;
import io.ipcring.transport.StreamOptions;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child's side of a {@code pipe:} channel: frames arrive on this process's stdin
 * (descriptor 0) and leave on its stdout (descriptor 1). Opened by {@code pipe:stdio} URIs.
 *
 * <p><b>stdout belongs to the channel.</b> Anything else writing to descriptor 1 would corrupt the
 * frames, so opening the sending side flushes {@link System#out} and points it at
 * {@link System#err}: {@code System.out.println} then goes to stderr. Code that writes to
 * {@link java.io.FileDescriptor#out} directly, or a native library printing to stdout, still
 * corrupts the stream. Likewise nothing else may read {@link System#in} once the receiving side is
 * open. Each side can be opened once per process.
 *
 * <p>The descriptors stay blocking (they may be shared with the parent, or be a terminal), so
 * reads and writes are gated by a zero-timeout {@code poll} (see {@link FdStream#gated}): a poll
 * never waits, an offer returns false when the pipe is full, and a frame once started is written
 * to the end, waiting for the parent to read if need be. Closing replaces the descriptor with
 * {@code /dev/null}, so the parent sees end of stream.
 */
public final class StdioPipe {
    /** The URI target of a child's stdio channel. */
    public static final String TARGET = "stdio";

    private static final AtomicBoolean STDIN_OPENED = new AtomicBoolean();
    private static final AtomicBoolean STDOUT_OPENED = new AtomicBoolean();

    private StdioPipe() {
    }

    /**
     * Opens one or both directions.
     *
     * @param uri     the URI, for messages
     * @param options the largest payload and the write timeout
     * @param receive read frames from stdin
     * @param send    write frames to stdout
     * @return the channel
     * @throws IllegalStateException when a direction was opened before in this process
     */
    public static StreamChannel open(String uri, StreamOptions options, boolean receive, boolean send) {
        if (!receive && !send) {
            throw new IllegalArgumentException(uri + ": open at least one direction");
        }
        if (receive && !STDIN_OPENED.compareAndSet(false, true)) {
            throw new IllegalStateException(uri + ": stdin is already used by another pipe:stdio channel in this process");
        }
        if (send && !STDOUT_OPENED.compareAndSet(false, true)) {
            if (receive) {
                STDIN_OPENED.set(false);
            }
            throw new IllegalStateException(uri + ": stdout is already used by another pipe:stdio channel in this process");
        }
        FdStream in = receive ? FdStream.stdio(0, uri + " (stdin)") : null;
        FdStream out = null;
        if (send) {
            System.out.flush();
            System.setOut(System.err);
            out = FdStream.stdio(1, uri + " (stdout)");
        }
        return new StreamChannel(uri, in, out, options);
    }

    /**
     * Opens both directions with default options.
     *
     * @return the channel
     */
    public static StreamChannel open() {
        return open("pipe:" + TARGET, StreamOptions.defaults(), true, true);
    }
}
