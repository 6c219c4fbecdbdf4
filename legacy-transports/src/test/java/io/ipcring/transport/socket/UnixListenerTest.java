package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.transport.StreamOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixListenerTest {
    /** More than the listener's initial arrays hold, so they grow. */
    private static final int CLIENTS = 12;

    private final List<Connection> closed = new ArrayList<>();
    private final List<Connection> accepted = new ArrayList<>();
    /** Client index (the payload) to the connection it arrived on, filled by {@link #serve}. */
    private final Map<Integer, Connection> arrivals = new HashMap<>();
    private Path dir;
    private Path path;
    private UnixListener listener;
    private long nextId;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("ipcring-listener-");
        path = dir.resolve("l.sock");
        listener = UnixListener.open("unix:" + path, path, StreamOptions.defaults(), closed::add);
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Connection c : accepted) {
            c.close();
        }
        listener.close();
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the socket file is removed on close");
        }
        Files.delete(dir);
    }

    private final Listener.Events events = new Listener.Events() {
        @Override
        public void onAcceptable() {
            Connection c;
            while ((c = listener.accept(++nextId)) != null) {
                accepted.add(c);
            }
        }

        @Override
        public void onReadable(Connection c) {
            if (c.isOpen()) {
                try {
                    c.decoder().poll((type, buffer, offset, length) -> arrivals.put(buffer.getInt(offset), c), 16);
                } catch (ChannelException e) {
                    c.close();
                }
            }
        }
    };

    private void serve(int expectedArrivals) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (arrivals.size() < expectedArrivals) {
            assertTrue(System.nanoTime() < deadline, "only " + arrivals.keySet() + " arrived");
            listener.await(100, events);
        }
    }

    private static void send(SocketClient client, int index) {
        ByteBuffer payload = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, index);
        assertTrue(client.offer(payload, 0, 4, 1));
    }

    @Test
    void manyClientsAreServedAndClosedOnesLeaveThePollSetWithoutDisturbingTheRest() {
        List<SocketClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                SocketClient client = SocketClient.connect("unix:" + path);
                clients.add(client);
                send(client, i);
            }
            serve(CLIENTS);
            assertEquals(CLIENTS, listener.polledConnections());
            Map<Integer, Connection> first = new HashMap<>(arrivals);
            assertEquals(CLIENTS, first.values().stream().distinct().count(), "each client on its own connection");

            first.get(3).close();
            clients.get(5).close();
            clients.get(11).close();
            arrivals.clear();
            for (int i : new int[] {0, 1, 2, 4, 6, 7, 8, 9, 10}) {
                send(clients.get(i), i);
            }
            serve(9);
            listener.await(0, events);
            assertEquals(List.of(first.get(3)), closed.subList(0, 1), "closed by the server first");
            assertFalse(first.get(5).isOpen(), "end of stream closed it");
            assertFalse(first.get(11).isOpen(), "end of stream closed it");
            listener.await(0, events);
            assertEquals(9, listener.polledConnections(), "the closed ones are gone from the poll set");
            for (Map.Entry<Integer, Connection> e : arrivals.entrySet()) {
                assertEquals(first.get(e.getKey()), e.getValue(), "client " + e.getKey() + " still maps to its connection");
            }

            // new clients may get the closed connections' descriptor numbers
            arrivals.clear();
            for (int i = CLIENTS; i < CLIENTS + 3; i++) {
                SocketClient client = SocketClient.connect("unix:" + path);
                clients.add(client);
                send(client, i);
            }
            send(clients.get(0), 0);
            serve(4);
            assertEquals(first.get(0), arrivals.get(0));
            assertEquals(12, listener.polledConnections());
        } finally {
            for (SocketClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aWaitSleepsInPollInsteadOfSpinningAndEndsWithinASlice() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        listener.await(0, events);
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1)) {
            listener.await(TimeUnit.SECONDS.toMillis(10), events);
            calls++;
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        assertTrue(calls >= 2, "a 10 s wait returns after a slice of " + UnixListener.POLL_SLICE_MILLIS + " ms: " + calls + " calls");
        // a spinning wait would burn its whole second of CPU (or its share of a loaded machine)
        assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(100), "CPU time while waiting 1 s: " + cpu / 1_000_000 + " ms");
        assertNull(listener.accept(1), "nobody connected");
    }

    @Test
    void aTimedServerPollEndsWithInterruptedExceptionWhenInterrupted() throws Exception {
        try (SocketServer server = SocketServer.open("unix:" + dir.resolve("i.sock"))) {
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
                assertThrows(InterruptedException.class, () -> server.poll((c, t, b, o, l) -> { }, 1, 20, TimeUnit.SECONDS));
            } finally {
                interrupter.join();
                Thread.interrupted();
            }
        }
    }
}
