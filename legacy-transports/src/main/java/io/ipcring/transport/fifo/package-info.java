/**
 * FIFO transport ({@code fifo:/path}): the classic client/server pattern of one well-known FIFO
 * read by a server (a {@link io.ipcring.transport.server.MessageServer} over a FIFO, opened by
 * {@code Channels.subscriber} or {@code MessageServer.open}) and written by many
 * {@link io.ipcring.transport.fifo.FifoClient}s, each answered on a FIFO of its own. The
 * conventions (atomic frames up to PIPE_BUF, client registration) are in
 * {@link io.ipcring.transport.fifo.FifoProtocol}.
 */
package io.ipcring.transport.fifo;
