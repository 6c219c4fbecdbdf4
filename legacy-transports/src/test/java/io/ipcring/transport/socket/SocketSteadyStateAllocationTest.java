package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.testsupport.AllocationMeter;
import io.ipcring.transport.server.MessageServer;
import io.ipcring.transport.server.ServerHandler;
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
    private final ServerHandler echo = (peer, type, buffer, offset, length) -> {
        served++;
        peer.send(reply, 0, 16, type);
    };

    @Test
    void aRequestReplyExchangeAllocatesNothingPerMessage() throws Exception {
        Path dir = Files.createTempDirectory("ipcring-alloc-");
        Path path = dir.resolve("s");
        try (MessageServer server = MessageServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            ByteBuffer request = ByteBuffer.allocateDirect(64);
            exchange(server, client, request, WARMUP);
            AllocationMeter meter = AllocationMeter.start();
            exchange(server, client, request, MEASURED);
            long allocated = meter.bytes();
            assertTrue(allocated < MEASURED, allocated + " bytes allocated for " + MEASURED + " request/reply pairs");
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    @Test
    void theSubscriberViewOfTheServerAllocatesNothingPerMessageEither() throws Exception {
        Path dir = Files.createTempDirectory("ipcring-alloc-");
        Path path = dir.resolve("s");
        long[] received = new long[1];
        MessageHandler count = (type, buffer, offset, length) -> received[0]++;
        try (Subscriber server = MessageServer.open("unix:" + path); SocketClient client = SocketClient.connect("unix:" + path)) {
            ByteBuffer request = ByteBuffer.allocateDirect(64);
            oneWay(server, client, request, count, WARMUP);
            AllocationMeter meter = AllocationMeter.start();
            oneWay(server, client, request, count, MEASURED);
            long allocated = meter.bytes();
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

    private void exchange(MessageServer server, SocketClient client, ByteBuffer request, int count) {
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
