/**
 * Socket transport ({@code unix:/path}, {@code tcp://host:port}): a server (a
 * {@link io.ipcring.transport.server.MessageServer} over a listening socket, opened by
 * {@code Channels.subscriber} or {@code MessageServer.open}) serving many clients and replying
 * through each {@link io.ipcring.transport.server.Peer}, and a
 * {@link io.ipcring.transport.socket.SocketClient}; both carry ipcring frames with the shared
 * {@link io.ipcring.transport.internal.FrameDecoder} and {@link io.ipcring.transport.internal.FrameWriter}.
 *
 * <p>Unix domain sockets are native: socket, bind, listen, accept4, connect and getsockopt
 * through {@link io.ipcring.sync.os.Os#CALLS} ({@code UnixSocketLibc}, structures in
 * {@code SocketStructs}), I/O with {@link io.ipcring.transport.internal.FdStream} on the descriptor, and
 * a server's listening socket and connections watched by one {@code poll(2)}
 * ({@code UnixListener}). This is what makes the
 * kernel's full {@code SO_PEERCRED} available: java.nio gives only the peer's user and group
 * and hides the descriptor, and reaching it would need {@code --add-opens}. So each Unix
 * connection carries the client's {@link io.ipcring.transport.server.PeerCredentials} (pid,
 * uid, gid), and a client knows the server's. Socket files are created private (0600: the
 * socket is {@code fchmod}-ed before {@code bind}, see {@code UnixSocketFile}), a stale one left
 * by a dead server is replaced, and the file is removed on close.
 *
 * <p>TCP stays on java.nio ({@code TcpListener}: one selector per server), with
 * {@code TCP_NODELAY}; it has no peer credentials.
 */
package io.ipcring.transport.socket;
