/**
 * Stream framing shared by the pipe, FIFO and socket transports.
 *
 * <p>A {@link io.ipcring.transport.ByteStream} is one end of a byte stream driven without
 * blocking: {@link io.ipcring.transport.FdStream} over a raw pipe, FIFO or Unix domain socket
 * descriptor (libc through jnr-ffi, addresses of direct buffers, no allocation per call), and a
 * java.nio {@code SocketChannel} for TCP in the socket package.
 * {@link io.ipcring.transport.FrameWriter} puts ipcring frames on it (one write of header and
 * payload through a reused direct buffer) and {@link io.ipcring.transport.FrameDecoder} takes
 * them off (a reused buffer, the length checked against the configured maximum before anything
 * is allocated, partial reads kept, truncation and end of stream told apart).
 * {@link io.ipcring.transport.StreamChannel} joins the
 * two into a {@link io.ipcring.ring.Publisher} and {@link io.ipcring.ring.Subscriber}.
 *
 * <p>Polls never wait: descriptors this process owns are made non-blocking; descriptors it
 * shares with others (its own stdin and stdout) stay blocking and every read and write is gated
 * by a zero-timeout {@code poll(2)} instead, so no reader thread is needed.
 */
package io.ipcring.transport;
