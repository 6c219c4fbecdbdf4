/**
 * Socket transport ({@code unix:/path}, {@code tcp://host:port}): a
 * {@link io.ipcring.transport.socket.SocketServer} serving many clients on one selector and
 * replying through each {@link io.ipcring.transport.socket.Connection}, and a
 * {@link io.ipcring.transport.socket.SocketClient}. Unix socket files are created private
 * (0600) and the kernel's peer credentials are available per connection.
 */
package io.ipcring.transport.socket;
