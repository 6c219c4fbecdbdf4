/**
 * Not API: helpers the transport packages share, public only so that sibling packages can use
 * them. Nothing here is a supported interface; it may change in any release, and the module
 * descriptor does not export this package.
 *
 * <p>{@link io.ipcring.transport.internal.NativeIo} makes the descriptor calls (open, mkfifo,
 * pipe, close, stat, poll) through {@link io.ipcring.sync.os.Os#CALLS} and maps errno to the
 * library's exceptions; {@link io.ipcring.transport.internal.FdStream} is a
 * {@link io.ipcring.transport.ByteStream} over a raw pipe, FIFO or Unix domain socket
 * descriptor; {@link io.ipcring.transport.internal.FrameWriter} and
 * {@link io.ipcring.transport.internal.FrameDecoder} put ipcring frames on a byte stream and
 * take them off; {@link io.ipcring.transport.internal.ServerTransport} and
 * {@link io.ipcring.transport.internal.PeerLink} are what the FIFO and socket packages give a
 * {@link io.ipcring.transport.server.MessageServer}: how peers arrive and the streams to them.
 */
package io.ipcring.transport.internal;
