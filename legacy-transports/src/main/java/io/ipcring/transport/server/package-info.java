/**
 * One server framework for every mechanism where many clients send frames to one server that
 * answers each: a {@link io.ipcring.transport.server.MessageServer} accepts
 * {@link io.ipcring.transport.server.Peer}s, reads their frames in ipcring's message format,
 * hands each to a {@link io.ipcring.transport.server.ServerHandler} with the peer that sent it,
 * tracks the peers and closes them all on close. Open one with
 * {@link io.ipcring.transport.server.MessageServer#open} or {@code Channels.subscriber} on a
 * {@code fifo:}, {@code unix:} or {@code tcp://} URI.
 *
 * <p>What differs between mechanisms (how a peer arrives, which stream carries its frames) is
 * each transport's part: the {@code socket} package accepts connections, each with its own
 * stream; the {@code fifo} package reads one FIFO every client writes to and registers clients
 * by control frames.
 */
package io.ipcring.transport.server;
