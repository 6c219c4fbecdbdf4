package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.transport.Frames;
import io.ipcring.transport.PingPong;
import io.ipcring.transport.TestDirectory;
import io.ipcring.transport.TestTraffic;
import io.ipcring.transport.internal.FrameDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every {@link MessageServer} does, whatever its mechanism: a subclass per kind (FIFO, Unix
 * domain socket, TCP) says only how to name a server, how a client asks for replies, what the
 * server knows of a peer, and how a hostile writer reaches it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class MessageServerContract {
    private static final int CLIENTS = 4;

    /** Writes bytes to a server the way a client would, without framing them. */
    interface RawWriter extends AutoCloseable {
        void write(byte[] bytes) throws IOException;

        @Override
        void close() throws IOException;
    }

    @RegisterExtension
    final TestDirectory dir = new TestDirectory("ipcring-server-", "files (FIFOs, socket files)");

    /** @return the URI to open a server with, its file (if any) in {@link #dir} */
    abstract String serverUri();

    /** @return the URI of a client that receives replies, for a server clients reach at {@code clientUri} */
    abstract String replyingClientUri(String clientUri);

    /** @return the pid a server sees for a peer that is the process {@code pid} */
    abstract long peerPid(long pid);

    /** Asserts what else the server knows of a peer in a process of this test's user. */
    abstract void assertIdentity(Peer peer) throws IOException;

    /** @return a raw writer to the server */
    abstract RawWriter rawWriter(MessageServer server) throws IOException;

    /** @return what the error reported for a hostile frame says */
    abstract String expectedError(Frames.Hostile hostile);

    /** Asserts the cause reported for a replying client that closed. */
    abstract void assertDepartureCause(ChannelException cause);

    @Test
    void concurrentClientProcessesAreEachServedInOrderAndAnswered() throws Exception {
        int perClient = Math.max(1, TestTraffic.count() / CLIENTS);
        try (MessageServer server = MessageServer.open(serverUri())) {
            List<ChildJvm> children = new ArrayList<>();
            try {
                Set<Long> pids = new HashSet<>();
                for (int i = 0; i < CLIENTS; i++) {
                    ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), ServerPeerProcess.class, "send", replyingClientUri(server.clientUri()),
                            Integer.toString(perClient), Integer.toString(100 + i));
                    children.add(child);
                    pids.add(peerPid(child.pid()));
                }
                Map<Peer, TestTraffic.Verifier> verifiers = new HashMap<>();
                int[] done = {0};
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (done[0] < CLIENTS) {
                    assertTrue(System.nanoTime() < deadline, "traffic did not complete; " + verifiers.size() + " clients seen");
                    server.poll((peer, type, buffer, offset, length) -> {
                        assertNotNull(peer, "every message comes from a peer");
                        TestTraffic.Verifier verifier = verifiers.computeIfAbsent(peer, p -> new TestTraffic.Verifier());
                        verifier.onMessage(type, buffer, offset, length);
                        if (verifier.received() == perClient) {
                            assertTrue(peer.send(ServerPeerProcess.count(perClient), 0, 8, ServerPeerProcess.DONE_TYPE));
                            done[0]++;
                        }
                    }, 256, 1, TimeUnit.SECONDS);
                }
                assertEquals(CLIENTS, verifiers.size(), "each client its own peer");
                Set<Long> seen = new HashSet<>();
                for (Peer peer : verifiers.keySet()) {
                    seen.add(peer.pid());
                    assertIdentity(peer);
                }
                assertEquals(pids, seen, "the peers' pids");
                for (ChildJvm child : children) {
                    assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                }
            } finally {
                for (ChildJvm child : children) {
                    child.close();
                }
            }
        }
    }

    @Test
    void pingPongRoundTrips() throws Exception {
        try (ChildJvm echo = ChildJvm.start(ChildJvmFlags.forIpcring(), ServerPeerProcess.class, "echo-server", serverUri())) {
            Publisher client = Channels.publisher(replyingClientUri(ServerPeerProcess.awaitClientUri(echo)));
            try {
                PingPong.run(client, (Subscriber) client, getClass().getSimpleName(), 5_000, 5_000);
                assertTrue(client.offer(new byte[0], 0, 0, ServerPeerProcess.STOP_TYPE));
            } finally {
                client.close();
            }
            assertEquals(0, echo.waitFor(60, TimeUnit.SECONDS), echo.output());
        }
    }

    @Test
    void aHostileFrameCostsItsWriterOnlyAndNothingIsAllocatedForIt() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri()); Publisher good = Channels.publisher(server.clientUri())) {
            Recorder recorder = new Recorder();
            assertTrue(good.offer(new byte[4], 0, 4, 1));
            recorder.pollUntil(server, () -> !recorder.types.isEmpty());
            int peers = server.peers().size();
            for (Frames.Hostile hostile : Frames.Hostile.values()) {
                recorder.clear();
                try (RawWriter raw = rawWriter(server)) {
                    raw.write(hostile.bytes());
                    if (hostile.truncated()) {
                        raw.close();
                    }
                    recorder.pollUntil(server, () -> !recorder.errors.isEmpty());
                }
                assertEquals(1, recorder.errors.size(), hostile + ": " + recorder.errors);
                ChannelException error = recorder.errors.get(0);
                assertTrue(error instanceof MalformedFrameException, hostile + ": " + error);
                assertTrue(error.getMessage().contains(expectedError(hostile)), error.getMessage());
                for (Peer dropped : recorder.departed) {
                    assertFalse(dropped.isOpen());
                    assertEquals(FrameDecoder.INITIAL_CAPACITY, dropped.link().decoder().bufferCapacity(), "nothing allocated for the claim");
                }
                assertEquals(peers, server.peers().size(), "only the good client remains");
                assertTrue(good.offer(new byte[4], 0, 4, 2));
                recorder.pollUntil(server, () -> !recorder.types.isEmpty());
                assertEquals(List.of(2), recorder.types, hostile + ": the good client still gets through");
            }
        }
    }

    @Test
    void aClientProcessThatDiesIsDisconnectedAndTheOthersGoOn() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri());
             Publisher survivor = Channels.publisher(server.clientUri());
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), ServerPeerProcess.class, "die", replyingClientUri(server.clientUri()))) {
            Recorder recorder = new Recorder();
            recorder.pollUntil(server, () -> !recorder.types.isEmpty());
            Peer dying = recorder.senders.get(0);
            assertEquals(peerPid(child.pid()), dying.pid());
            child.waitFor(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (recorder.departed.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the dead client was not disconnected");
                try {
                    // a FIFO server learns of the death only when a reply fails
                    dying.send(ByteBuffer.allocate(1), 0, 1, 1);
                } catch (ChannelClosedException expected) {
                    // reported at the next poll
                }
                server.poll(recorder, 10, 100, TimeUnit.MILLISECONDS);
            }
            assertEquals(List.of(dying), recorder.departed);
            assertTrue(recorder.errors.get(0) instanceof ChannelClosedException, recorder.errors.toString());
            assertFalse(dying.isOpen());
            assertFalse(server.peers().contains(dying));
            assertTrue(survivor.offer(new byte[1], 0, 1, 3));
            assertEquals(1, server.poll(recorder, 10, 5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPeerWhoseReplyFailsIsClosedAtOnceAndReportedAtTheNextPoll() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri())) {
            Publisher client = connect(server);
            Peer peer = server.peers().iterator().next();
            client.close();
            ChannelClosedException failure = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (failure == null) {
                assertTrue(System.nanoTime() < deadline, "replies to a closed client kept succeeding");
                try {
                    // TCP takes the first write after the peer's close; its reset fails the next
                    peer.send(ByteBuffer.allocate(1), 0, 1, 1);
                    Thread.sleep(10);
                } catch (ChannelClosedException e) {
                    failure = e;
                }
            }
            assertFalse(peer.isOpen());
            assertFalse(server.peers().contains(peer), "forgotten at once");
            Recorder recorder = new Recorder();
            server.poll(recorder, 10);
            assertEquals(List.of(peer), recorder.departed);
            assertEquals(List.of(failure), recorder.causes, "the failure the reply threw");
            server.poll(recorder, 10, 100, TimeUnit.MILLISECONDS);
            assertEquals(1, recorder.departed.size(), "reported once");
        }
    }

    @Test
    void repliesReachTheirOwnClientOnly() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri());
             Publisher a = connect(server);
             Publisher b = connect(server)) {
            assertTrue(a.offer("from a".getBytes(StandardCharsets.UTF_8), 0, 6, 1));
            assertTrue(b.offer("from b".getBytes(StandardCharsets.UTF_8), 0, 6, 2));
            int served = 0;
            while (served < 2) {
                served += server.poll((peer, type, buffer, offset, length) -> {
                    byte[] request = new byte[length];
                    buffer.get(offset, request);
                    byte[] reply = ("re: " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    assertTrue(peer.send(ByteBuffer.wrap(reply), 0, reply.length, type + 10));
                }, 10, 5, TimeUnit.SECONDS);
            }
            assertEquals("11:re: from a", receiveText((Subscriber) a));
            assertEquals("12:re: from b", receiveText((Subscriber) b));
        }
    }

    @Test
    void framesReadTogetherAreServedOneByOneWithoutWaiting() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri()); Publisher client = Channels.publisher(server.clientUri())) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(client.offer(new byte[] {(byte) i}, 0, 1, i));
            }
            // one read may take all three; each poll of one must still deliver the next at
            // once, from the buffer, rather than wait for the stream
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertEquals(1, server.poll((t, b, o, l) -> types.add(t), 1, 10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(1, 2, 3), types);
            assertEquals(0, server.poll((t, b, o, l) -> types.add(t), 1, 20, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aClosedServerIsClosedForItsClients() throws Exception {
        MessageServer server = MessageServer.open(serverUri());
        String clientUri = server.clientUri();
        try (Publisher client = connect(server)) {
            server.close();
            assertThrows(ChannelClosedException.class, () -> ((Subscriber) client).poll((t, b, o, l) -> { }, 1, 10, TimeUnit.SECONDS));
            // TCP takes the first write after the peer's close into the send buffer; the peer's
            // reset then fails the next ones
            assertThrows(ChannelClosedException.class, () -> {
                for (int i = 0; i < 1_000; i++) {
                    client.offer(new byte[1], 0, 1, 1);
                    Thread.sleep(10);
                }
            });
        }
        assertThrows(ChannelException.class, () -> Channels.publisher(clientUri).close());
        assertThrows(ChannelClosedException.class, () -> server.poll((p, t, b, o, l) -> { }, 1));
    }

    @Test
    void aClientThatLeavesIsReportedOnceAndForgotten() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri())) {
            Publisher client = connect(server);
            assertEquals(1, server.peers().size());
            Peer peer = server.peers().iterator().next();
            client.close();
            Recorder recorder = new Recorder();
            recorder.pollUntil(server, () -> !recorder.departed.isEmpty());
            server.poll(recorder, 10, 100, TimeUnit.MILLISECONDS);
            assertEquals(List.of(peer), recorder.departed);
            assertDepartureCause(recorder.causes.get(0));
            assertFalse(peer.isOpen());
            assertTrue(server.peers().isEmpty());
        }
    }

    @Test
    void aTimedPollEndsWithInterruptedExceptionWhenInterrupted() throws Exception {
        try (MessageServer server = MessageServer.open(serverUri())) {
            Thread poller = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                poller.interrupt();
            });
            interrupter.start();
            try {
                assertThrows(InterruptedException.class, () -> server.poll((p, t, b, o, l) -> { }, 1, 20, TimeUnit.SECONDS));
            } finally {
                interrupter.join();
                Thread.interrupted();
            }
        }
    }

    @Test
    void channelsOpensTheServerByScheme() throws Exception {
        try (Subscriber server = Channels.subscriber(serverUri())) {
            assertTrue(server instanceof MessageServer, server.getClass().getName());
            try (Publisher client = Channels.publisher(((MessageServer) server).clientUri())) {
                assertTrue(client.offer(new byte[] {9}, 0, 1, 4));
                int[] type = {0};
                assertEquals(1, server.poll((t, b, o, l) -> type[0] = t, 1, 5, TimeUnit.SECONDS));
                assertEquals(4, type[0]);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageServer.open(serverUri() + "?bogus=1"));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    }

    /** Connects a replying client while this thread polls the server until the peer arrives (a FIFO server acknowledges it). */
    Publisher connect(MessageServer server) throws Exception {
        Publisher[] client = new Publisher[1];
        RuntimeException[] failure = new RuntimeException[1];
        Thread connector = new Thread(() -> {
            try {
                client[0] = Channels.publisher(replyingClientUri(server.clientUri()));
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        Recorder recorder = new Recorder();
        connector.start();
        recorder.pollUntil(server, () -> !recorder.connected.isEmpty() || failure[0] != null);
        connector.join(TimeUnit.SECONDS.toMillis(10));
        if (failure[0] != null) {
            throw failure[0];
        }
        assertNotNull(client[0], "connected");
        return client[0];
    }

    private static String receiveText(Subscriber client) throws InterruptedException {
        String[] text = new String[1];
        assertEquals(1, client.poll((type, buffer, offset, length) -> {
            byte[] bytes = new byte[length];
            buffer.get(offset, bytes);
            text[0] = type + ":" + new String(bytes, StandardCharsets.UTF_8);
        }, 1, 5, TimeUnit.SECONDS));
        return text[0];
    }
}
