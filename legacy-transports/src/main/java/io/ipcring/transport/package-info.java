/**
 * Stream framing shared by the pipe, FIFO and socket transports.
 *
 * <p>A {@link io.ipcring.transport.ByteStream} is one end of a byte stream driven without
 * blocking: {@link io.ipcring.transport.FdStream} over a raw pipe, FIFO or Unix domain socket
 * descriptor (libc through {@link io.ipcring.sync.os.Os#CALLS}, addresses of direct buffers, no
 * allocation per call), and a java.nio {@code SocketChannel} for TCP in the socket package.
 * {@link io.ipcring.transport.FrameWriter} puts ipcring frames on it (one write of header and
 * payload through a reused direct buffer) and {@link io.ipcring.transport.FrameDecoder} takes
 * them off (a reused buffer, the length checked against the configured maximum before anything
 * is allocated, partial reads kept, truncation and end of stream told apart).
 * {@link io.ipcring.transport.StreamChannel} joins the
 * two into a {@link io.ipcring.channel.Publisher} and {@link io.ipcring.channel.Subscriber}.
 *
 * <p>Polls never wait: descriptors this process owns are made non-blocking; descriptors it
 * may share with others (its own stdin and stdout, unless a {@code PipeProcess} parent says they
 * are its own) stay blocking, and each read and write is made non-blocking for that call
 * ({@code preadv2}/{@code pwritev2} with {@code RWF_NOWAIT}) or, where the kernel cannot, gated by
 * a zero-timeout {@code poll(2)}; no reader thread is needed.
 *
 * <p>System calls per message, as the C programs of the same mechanisms: the sender makes one
 * write of header and payload; a receiver that polls without a timeout makes one read, which
 * takes every frame the stream holds; a receiver that waits makes one {@code poll(2)} (or the
 * selector's {@code epoll_wait} for TCP), which the timeout needs, then one read. A C program
 * that blocks in {@code read} needs neither the timeout nor the wait call: that difference, and
 * not the Java side, is what separates the two (see the bench module).
 */
package io.ipcring.transport;
