package io.ipcring.transport.pipe;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.StreamChannel;
import io.ipcring.transport.StreamOptions;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process started by this one, talked to over its stdin and stdout: the parent's side
 * of a {@code pipe:} channel. {@link #offer} writes frames to the child's stdin, {@link #poll}
 * reads frames from its stdout; the child opens {@code pipe:stdio} (see {@link StdioPipe}).
 *
 * <pre>{@code
 * try (PipeProcess child = PipeProcess.start(List.of("java", "-cp", cp, "my.Worker"))) {
 *     child.offer(request, 0, request.length, 1);
 *     child.poll(handler, 10, 1, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>The pipes are created here (close-on-exec, so no other child inherits them) and handed to
 * the child through {@code /proc/self/fd}, so this side owns plain descriptors it can switch to
 * non-blocking: {@link #offer(ByteBuffer, int, int, int)} returns false when the child's stdin
 * pipe is full and {@link #poll(MessageHandler, int)} never waits. When the child exits, a poll
 * reports {@link io.ipcring.channel.ChannelClosedException} once the frames it wrote are read, and
 * an offer reports it at once (EPIPE).
 *
 * <p>One thread may offer while another polls.
 */
public final class PipeProcess implements Publisher, Subscriber {
    /** How long {@link #close()} lets the child exit on its own after its stdin closed. */
    public static final long EXIT_GRACE_MILLIS = 2_000;

    private final Process process;
    private final StreamChannel channel;

    private PipeProcess(Process process, StreamChannel channel) {
        this.process = process;
        this.channel = channel;
    }

    /**
     * Starts a command with default options; its stderr goes to this process's stderr.
     *
     * @param command the program and its arguments
     * @return the running child
     * @throws ChannelException when the process cannot be started
     */
    public static PipeProcess start(List<String> command) {
        return start(new ProcessBuilder(command).redirectError(Redirect.INHERIT), StreamOptions.defaults());
    }

    /**
     * Starts a process. The builder's stdin and stdout redirections are replaced by the pipes,
     * and {@value StdioPipe#PARENT_VARIABLE} is set in its environment (this process's pid: it
     * tells a child opening {@code pipe:stdio} that its stdin and stdout are its own, see
     * {@link StdioPipe}); everything else (directory, environment, stderr) is used as
     * configured. Note that the default stderr redirection, {@link Redirect#PIPE}, must be
     * drained by the caller.
     *
     * @param builder the process to start
     * @param options the largest payload in both directions and the write timeout
     * @return the running child
     * @throws ChannelException         when the process cannot be started
     * @throws IllegalArgumentException when the builder merges stderr into stdout
     */
    public static PipeProcess start(ProcessBuilder builder, StreamOptions options) {
        if (builder.redirectErrorStream()) {
            throw new IllegalArgumentException("cannot start " + builder.command()
                    + " with redirectErrorStream(true): its stderr would corrupt the frames on stdout");
        }
        int[] toChild = NativeIo.pipe();
        int[] fromChild;
        try {
            fromChild = NativeIo.pipe();
        } catch (RuntimeException e) {
            NativeIo.close(toChild[0]);
            NativeIo.close(toChild[1]);
            throw e;
        }
        Process process;
        try {
            // the child gets descriptions opened for it alone (the JDK opens these paths and
            // closes its copies once the child has them); ours are closed below
            builder.redirectInput(Redirect.from(procFd(toChild[0])));
            builder.redirectOutput(Redirect.to(procFd(fromChild[1])));
            builder.environment().put(StdioPipe.PARENT_VARIABLE, Long.toString(ProcessHandle.current().pid()));
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            NativeIo.close(toChild[1]);
            NativeIo.close(fromChild[0]);
            throw new ChannelException("cannot start " + builder.command() + ": " + e.getMessage(), e);
        } finally {
            // the child has its own copies now; ours would keep the pipes from ever reaching EOF
            NativeIo.close(toChild[0]);
            NativeIo.close(fromChild[1]);
        }
        String name = "pipe:process/" + process.pid();
        FdStream in = FdStream.nonBlocking(fromChild[0], name + " (child's stdout)");
        FdStream out = FdStream.nonBlocking(toChild[1], name + " (child's stdin)");
        return new PipeProcess(process, new StreamChannel(name, in, out, options));
    }

    private static File procFd(int fd) {
        return new File("/proc/self/fd/" + fd);
    }

    /** @return the child process, e.g. to wait for its exit code */
    public Process process() {
        return process;
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        return channel.offer(src, offset, length, type);
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit)
            throws InterruptedException {
        return channel.offer(src, offset, length, type, timeout, unit);
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return channel.poll(handler, limit);
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return channel.poll(handler, limit, timeout, unit);
    }

    @Override
    public int maxMessageLength() {
        return channel.maxMessageLength();
    }

    @Override
    public String uri() {
        return channel.uri();
    }

    /**
     * Closes both pipes (the child sees end of stream on stdin), waits up to
     * {@value #EXIT_GRACE_MILLIS} ms for the child to exit, and kills it if it has not.
     */
    @Override
    public void close() {
        channel.close();
        boolean interrupted = false;
        try {
            if (!process.waitFor(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
