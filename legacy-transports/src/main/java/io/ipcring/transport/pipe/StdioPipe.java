package io.ipcring.transport.pipe;

import io.ipcring.transport.StreamChannel;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.internal.FdStream;
import java.util.Optional;
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
 * <p>A child started by {@link PipeProcess} holds its stdin and stdout alone: the parent opened
 * them for it and closed its own copies, and says so through the environment variable
 * {@value #PARENT_VARIABLE} (its pid, which must be this process's parent, so a grandchild that
 * inherited the variable and the descriptors is not fooled). Those descriptors are made
 * non-blocking (O_NONBLOCK), and each message costs one {@code read} and one {@code writev}, as
 * in C. Otherwise the descriptors stay blocking (they may be shared with the parent, or be a
 * terminal) and each read and write is made non-blocking for that call only (see
 * {@link FdStream#gated}): a poll never waits, an offer returns false when the pipe is full, and
 * a frame once started is written to the end. Closing replaces the descriptor with
 * {@code /dev/null}, so the parent sees end of stream.
 */
public final class StdioPipe {
    /** The URI target of a child's stdio channel. */
    public static final String TARGET = "stdio";
    /**
     * The environment variable in which {@link PipeProcess} gives its child its own pid: the
     * child's stdin and stdout are open file descriptions of the child's own.
     */
    public static final String PARENT_VARIABLE = "IPCRING_PIPE_PARENT";

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
        boolean own = startedByPipeProcess(System.getenv(PARENT_VARIABLE), ProcessHandle.current().parent());
        FdStream in = receive ? FdStream.stdio(0, uri + " (stdin)", own) : null;
        FdStream out = null;
        if (send) {
            System.out.flush();
            System.setOut(System.err);
            out = FdStream.stdio(1, uri + " (stdout)", own);
        }
        return new StreamChannel(uri, in, out, options);
    }

    /**
     * @param variable the value of {@value #PARENT_VARIABLE}, or null
     * @param parent   this process's parent, if it is still there
     * @return whether this process was started by {@link PipeProcess} in that parent, so its stdin
     *         and stdout are its own
     */
    static boolean startedByPipeProcess(String variable, Optional<ProcessHandle> parent) {
        if (variable == null || parent.isEmpty()) {
            return false;
        }
        try {
            return Long.parseLong(variable) == parent.get().pid();
        } catch (NumberFormatException e) {
            return false;
        }
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
