package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client's offers, the server's polls and its replies, and the client's polls allocate nothing
 * per message once warmed up (the JVM's per-thread allocation counter stays below one byte per
 * message).
 */
class SocketSteadyStateAllocationTest {
    private static final int WARMUP = 30_000;
    private static final int MEASURED = 10_000;

    private final ByteBuffer reply = ByteBuffer.allocateDirect(16);
    private long served;
    private long replies;
    private final ServerHandler echo = (connection, type, buffer, offset, length) -> {
        served++;
        connection.send(reply, 0, 16, type);
    };

    @Test
    void aRequestReplyExchangeAllocatesNothingPerMessage() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("ipcring-alloc-");
        Path path = dir.resolve("s");
        try (SocketServer server = SocketServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            ByteBuffer request = ByteBuffer.allocateDirect(64);
            exchange(server, client, request, WARMUP);
            long before = threads.getCurrentThreadAllocatedBytes();
            exchange(server, client, request, MEASURED);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < MEASURED, allocated + " bytes allocated for " + MEASURED + " request/reply pairs");
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    @Test
    void theSubscriberViewOfTheServerAllocatesNothingPerMessageEither() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("ipcring-alloc-");
        Path path = dir.resolve("s");
        long[] received = new long[1];
        MessageHandler count = (type, buffer, offset, length) -> received[0]++;
        try (Subscriber server = SocketServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            ByteBuffer request = ByteBuffer.allocateDirect(64);
            oneWay(server, client, request, count, WARMUP);
            long before = threads.getCurrentThreadAllocatedBytes();
            oneWay(server, client, request, count, MEASURED);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < MEASURED, allocated + " bytes allocated for " + MEASURED + " messages");
            assertEquals(WARMUP + MEASURED, received[0]);
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    private static void oneWay(Subscriber server, SocketClient client, ByteBuffer request, MessageHandler handler, int count)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (!client.offer(request, 0, 64, 1)) {
                throw new AssertionError("message " + i + " not accepted");
            }
            if (server.poll(handler, 1, 10, TimeUnit.SECONDS) != 1) {
                throw new AssertionError("message " + i + " not received");
            }
        }
    }

    private void exchange(SocketServer server, SocketClient client, ByteBuffer request, int count) {
        for (int i = 0; i < count; i++) {
            if (!client.offer(request, 0, 64, 1)) {
                throw new AssertionError("request " + i + " not accepted");
            }
            long target = served + 1;
            while (served < target) {
                server.poll(echo, 1);
            }
            long replyTarget = replies + 1;
            while (replies < replyTarget) {
                replies += client.poll((type, buffer, offset, length) -> { }, 1);
            }
        }
    }
}
