package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MalformedFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Records everything a {@link MessageServer} reports, for the server tests. */
public final class Recorder implements ServerHandler {
    /** The types of the messages, in order. */
    public final List<Integer> types = new ArrayList<>();
    /** The peer of each message (null for an anonymous FIFO writer). */
    public final List<Peer> senders = new ArrayList<>();
    /** The peers that arrived. */
    public final List<Peer> connected = new ArrayList<>();
    /** The peers that left. */
    public final List<Peer> departed = new ArrayList<>();
    /** The causes of departures, null for a clean one. */
    public final List<ChannelException> causes = new ArrayList<>();
    /** Departure causes and malformed-frame reports. */
    public final List<ChannelException> errors = new ArrayList<>();

    @Override
    public void onMessage(Peer peer, int type, ByteBuffer buffer, int offset, int length) {
        types.add(type);
        senders.add(peer);
    }

    @Override
    public void onConnect(Peer peer) {
        connected.add(peer);
    }

    @Override
    public void onDisconnect(Peer peer, ChannelException cause) {
        departed.add(peer);
        causes.add(cause);
        if (cause != null) {
            errors.add(cause);
        }
    }

    @Override
    public void onMalformed(MalformedFrameException error) {
        errors.add(error);
    }

    /** Forgets everything recorded. */
    public void clear() {
        types.clear();
        senders.clear();
        connected.clear();
        departed.clear();
        causes.clear();
        errors.clear();
    }

    /** Polls {@code server} until {@code done}, for 30 s at most. */
    public void pollUntil(MessageServer server, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not reported in time: " + types + ", " + errors);
            server.poll(this, 10, 100, TimeUnit.MILLISECONDS);
        }
    }
}
