package io.ipcring.transport.server;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.transport.internal.FrameDecoder;
import io.ipcring.transport.internal.PeerLink;
import io.ipcring.transport.internal.ServerTransport;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server that many clients send ipcring frames to and that can reply to each: the receiving
 * side of a FIFO ({@code fifo:/path}), Unix domain socket ({@code unix:/path}) or TCP
 * ({@code tcp://host:port}) channel. It accepts {@link Peer}s, reads their frames, hands each to
 * a {@link ServerHandler} with the peer that sent it, tracks the peers, and closes them all on
 * close. A poll never waits; a timed poll sleeps until a peer arrives or a frame does.
 *
 * <pre>{@code
 * try (MessageServer server = MessageServer.open("unix:/run/me/orders.sock")) {
 *     server.poll((peer, type, buffer, offset, length) -> {
 *         peer.send(reply, 0, reply.limit(), type);
 *     }, 100, 1, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>How peers arrive and where their frames come from is the mechanism's part (see the
 * {@code fifo} and {@code socket} packages): a socket server accepts connections, each with its
 * own stream and decoder, so a peer that disconnects mid-frame or sends a malformed frame is
 * dropped alone (reported to {@link ServerHandler#onDisconnect}, logged), nothing is allocated
 * for a hostile length, and the other peers go on. A FIFO server reads one FIFO every client
 * writes to, where clients register and unregister by control frames; a malformed frame there
 * cannot be pinned on a writer, so everything queued in the FIFO at that moment is dropped and
 * reported to {@link ServerHandler#onMalformed}.
 *
 * <p>Fairness: peers are served in turn; one that may still have frames when a poll's limit is
 * reached (buffered, or not yet read) is served first by the next poll.
 *
 * <p>Used by one thread: polls, and replies from within the handler or between polls.
 */
public final class MessageServer implements Subscriber {
    private static final System.Logger LOG = System.getLogger(MessageServer.class.getName());

    private final String uri;
    private final ServerTransport transport;
    private final Map<Long, Peer> peers = new LinkedHashMap<>();
    /** Peers to serve first at the next poll, in turn. */
    private final ArrayDeque<Peer> queued = new ArrayDeque<>();
    private final ArrayDeque<Peer> failed = new ArrayDeque<>();
    private final FrameDecoder shared;
    private final Ready ready = new Ready();
    private final PeerFrames peerFrames = new PeerFrames();
    private final SharedFrames sharedFrames = new SharedFrames();
    private ServerHandler handler;
    private int limit;
    private int delivered;
    private boolean inHandler;
    /** The shared request stream is to be served first at the next poll. */
    private boolean sharedQueued;
    private long nextId;
    private MessageHandler adaptedHandler;
    private ServerHandler adapter;
    private boolean closed;

    private MessageServer(String uri, ServerTransport transport) {
        this.uri = uri;
        this.transport = transport;
        this.shared = transport.sharedRequests();
    }

    /**
     * Opens a server through its channel provider, as {@link Channels#subscriber} does.
     *
     * @param uri e.g. {@code fifo:/tmp/orders}, {@code unix:/tmp/orders.sock} or
     *            {@code tcp://127.0.0.1:7000}
     * @return the server
     * @throws IllegalArgumentException for a malformed URI, an unknown parameter or a bad value,
     *                                  or a URI whose kind is not a server
     * @throws ChannelException         when the server cannot be created
     */
    public static MessageServer open(String uri) {
        Subscriber subscriber = Channels.subscriber(uri);
        if (subscriber instanceof MessageServer) {
            return (MessageServer) subscriber;
        }
        subscriber.close();
        throw new IllegalArgumentException("channel URI '" + uri + "' is not a server (fifo:, unix: or tcp://)");
    }

    /**
     * The server over a transport; for the library's transports (the {@code internal} package
     * is not API).
     *
     * @param uri       the server's URI, for names and messages
     * @param transport the mechanism
     * @return the server
     */
    public static MessageServer over(String uri, ServerTransport transport) {
        return new MessageServer(uri, transport);
    }

    /**
     * Accepts waiting peers and delivers the messages available now, up to {@code limit}; never
     * waits. Control frames (a FIFO client's registration) are handled on the way and not
     * counted.
     *
     * @param handler receives messages, arrivals, departures and malformed-frame reports
     * @param limit   the most messages to deliver, positive
     * @return the number delivered
     */
    public int poll(ServerHandler handler, int limit) {
        return poll(handler, limit, 0L);
    }

    /**
     * Like {@link #poll(ServerHandler, int)}, waiting up to {@code timeout} for a first message.
     *
     * @param handler receives messages, arrivals, departures and malformed-frame reports
     * @param limit   the most messages to deliver, positive
     * @param timeout the longest wait
     * @param unit    its unit
     * @return the number delivered, 0 when the timeout expired
     * @throws InterruptedException if interrupted while waiting
     */
    public int poll(ServerHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            long left = deadline - System.nanoTime();
            // straight into the wait (which returns at once when a stream is ready), then one
            // read per ready stream: no look without waiting first
            int n = poll(handler, limit, Math.max(0, left));
            if (Thread.interrupted()) {
                throw new InterruptedException(uri + ": interrupted while waiting");
            }
            if (n > 0 || left <= 0) {
                return n;
            }
        }
    }

    /** Reports failed peers, serves queued streams, then ready ones, waiting up to {@code waitNanos} (0: not at all). */
    private int poll(ServerHandler handler, int limit, long waitNanos) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        checkOpen();
        this.handler = handler;
        this.limit = limit;
        this.delivered = 0;
        try {
            reportFailed();
            if (sharedQueued) {
                sharedQueued = false;
                serveShared();
            }
            for (int i = queued.size(); i > 0 && delivered < limit; i--) {
                Peer p = queued.poll();
                p.queued = false;
                servePeer(p);
            }
            if (delivered < limit) {
                transport.await(queued.isEmpty() && !sharedQueued ? waitNanos : 0, ready);
            }
            return delivered;
        } finally {
            this.handler = null;
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return poll(adapt(handler), limit);
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return poll(adapt(handler), limit, timeout, unit);
    }

    /** The adapter of the handler last passed, kept while the caller passes the same one: no allocation per poll. */
    private ServerHandler adapt(MessageHandler handler) {
        if (handler != adaptedHandler) {
            adaptedHandler = handler;
            adapter = (peer, type, buffer, offset, length) -> handler.onMessage(type, buffer, offset, length);
        }
        return adapter;
    }

    private void reportFailed() {
        Peer p;
        while ((p = failed.poll()) != null) {
            handler.onDisconnect(p, p.failure());
        }
    }

    private void acceptAll() {
        while (true) {
            PeerLink link;
            try {
                link = transport.accept(nextId + 1);
            } catch (ChannelException e) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1}", uri, e.getMessage());
                return;
            }
            if (link == null) {
                return;
            }
            nextId++;
            handler.onConnect(add(link));
        }
    }

    private Peer add(PeerLink link) {
        Peer p = new Peer(link, this);
        peers.put(p.id(), p);
        return p;
    }

    /** Reads the frames of a peer's own stream; a stream error drops that peer alone. */
    private void servePeer(Peer p) {
        if (!p.isOpen()) {
            return;
        }
        peerFrames.peer = p;
        try {
            serve(p.link().decoder(), peerFrames);
        } catch (ChannelException e) {
            if (inHandler) {
                throw e;
            }
            drop(p, e);
            return;
        }
        if (delivered >= limit && p.isOpen() && !p.queued && p.link().decoder().mayHaveMore()) {
            p.queued = true;
            queued.add(p);
        }
    }

    /** Reads the shared request stream; a malformed frame drops what the stream holds and is reported. */
    private void serveShared() {
        try {
            serve(shared, sharedFrames);
        } catch (MalformedFrameException e) {
            if (inHandler) {
                throw e;
            }
            long dropped = shared.discardAvailable();
            LOG.log(System.Logger.Level.WARNING, "{0}; dropped the {1} bytes queued in the stream", e.getMessage(), dropped);
            handler.onMalformed(e);
            return;
        }
        if (delivered >= limit && shared.mayHaveMore()) {
            sharedQueued = true;
        }
    }

    private void serve(FrameDecoder decoder, MessageHandler frames) {
        inHandler = false;
        while (delivered < limit) {
            int asked = limit - delivered;
            if (decoder.poll(frames, asked) < asked && !decoder.hasBufferedFrame()) {
                // the stream had nothing more, not the limit (control frames count there but
                // not here); an error the decoder holds back is thrown by the next round, so it
                // is handled in this poll
                return;
            }
        }
    }

    private void deliver(Peer peer, int type, ByteBuffer buffer, int offset, int length) {
        delivered++;
        inHandler = true;
        handler.onMessage(peer, type, buffer, offset, length);
        inHandler = false;
    }

    private void drop(Peer p, ChannelException cause) {
        p.close();
        if (cause instanceof ChannelClosedException) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", uri, cause.getMessage());
        } else {
            LOG.log(System.Logger.Level.WARNING, "{0}: dropped {1}: {2}", uri, p, cause.getMessage());
        }
        handler.onDisconnect(p, cause);
    }

    /** A peer's reply failed and it closed itself: reported at the next poll. */
    void failed(Peer p) {
        failed.add(p);
    }

    /** A peer closed: forgotten. */
    void forget(Peer p) {
        peers.remove(p.id(), p);
    }

    /** @return the open peers, in order of arrival */
    public Collection<Peer> peers() {
        return Collections.unmodifiableCollection(peers.values());
    }

    /**
     * @return the URI a client connects with: for {@code tcp://host:0} with the port chosen, for a
     *         Unix socket with its absolute path
     */
    public String clientUri() {
        return transport.clientUri();
    }

    @Override
    public String uri() {
        return uri;
    }

    private void checkOpen() {
        if (closed) {
            throw new ChannelClosedException(uri + " is closed");
        }
    }

    /**
     * Closes every peer (clients see end of stream), stops listening and removes the server's
     * file (a FIFO unless {@code remove=false}, a Unix socket file). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Peer p : new ArrayList<>(peers.values())) {
            p.close();
        }
        queued.clear();
        sharedQueued = false;
        failed.clear();
        transport.close();
    }

    /** Serves what the transport reports ready; reused by every poll. */
    private final class Ready implements ServerTransport.Events {
        @Override
        public void onAcceptable() {
            acceptAll();
        }

        @Override
        public void onReadable(PeerLink link) {
            Peer p = (Peer) link.attachment();
            if (delivered < limit) {
                servePeer(p);
            } else if (p.isOpen() && !p.queued) {
                p.queued = true;
                queued.add(p);
            }
        }

        @Override
        public void onSharedReadable() {
            if (delivered < limit) {
                serveShared();
            } else {
                sharedQueued = true;
            }
        }
    }

    /** Hands each frame of a peer's own stream to the handler with that peer; reused by every poll. */
    private final class PeerFrames implements MessageHandler {
        Peer peer;

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            deliver(peer, type, buffer, offset, length);
        }
    }

    /** Interprets each frame of the shared request stream; reused by every poll. */
    private final class SharedFrames implements MessageHandler, ServerTransport.Registry {
        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            if (type > 0) {
                deliver(null, type, buffer, offset, length);
            } else {
                transport.onControlFrame(type, buffer, offset, length, this);
            }
        }

        @Override
        public void register(PeerLink link) {
            Peer old = peers.get(link.id());
            if (old != null) {
                old.close();
            }
            Peer p = add(link);
            inHandler = true;
            handler.onConnect(p);
            inHandler = false;
        }

        @Override
        public void request(long peerId, int type, ByteBuffer buffer, int offset, int length) {
            deliver(peers.get(peerId), type, buffer, offset, length);
        }

        @Override
        public void unregister(long peerId) {
            Peer leaving = peers.get(peerId);
            if (leaving != null) {
                leaving.close();
                inHandler = true;
                handler.onDisconnect(leaving, null);
                inHandler = false;
            }
        }
    }
}
