package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageHandler;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosixMqPublisherTest {
    private final TestQueues queues = new TestQueues();
    private final ByteBuffer payload = ByteBuffer.allocateDirect(200);
    private final MessageHandler ignore = (type, buffer, offset, length) -> { };

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + queues.posixName() + "?maxMessages=2")) {
            assertTrue(publisher.offer(payload, 0, 10, 1));
            assertTrue(publisher.offer(payload, 0, 10, 1));
            assertFalse(publisher.offer(payload, 0, 10, 1));
            assertEquals(2, publisher.queue().currentMessages());
        }
    }

    @Test
    void aTimedOfferToAFullQueueGivesUpAfterTheTimeout() throws InterruptedException {
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + queues.posixName() + "?maxMessages=1")) {
            assertTrue(publisher.offer(payload, 0, 10, 1));
            long start = System.nanoTime();
            assertFalse(publisher.offer(payload, 0, 10, 1, 50, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited the whole timeout");
        }
    }

    @Test
    void aTimedOfferSucceedsWhenRoomAppears() throws Exception {
        String uri = "mq:" + queues.posixName() + "?maxMessages=1";
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            assertTrue(publisher.offer(payload, 0, 10, 1));
            CompletableFuture<Integer> taker = CompletableFuture.supplyAsync(() -> {
                sleep(100);
                return subscriber.poll(ignore, 1);
            });
            assertTrue(publisher.offer(payload, 0, 10, 2, 20, TimeUnit.SECONDS));
            assertEquals(1, taker.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTimedOfferIsInterruptible() throws Exception {
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + queues.posixName() + "?maxMessages=1")) {
            assertTrue(publisher.offer(payload, 0, 10, 1));
            Thread caller = Thread.currentThread();
            CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
                sleep(100);
                caller.interrupt();
            });
            assertThrows(InterruptedException.class, () -> publisher.offer(payload, 0, 10, 1, 30, TimeUnit.SECONDS));
            interrupter.get(20, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> publisher.offer(payload, 0, 10, 1, 1, TimeUnit.SECONDS),
                    "an interrupted thread does not start waiting");
            assertFalse(Thread.interrupted());
        }
    }

    @Test
    void anOversizeMessageIsRefusedNamingTheQueuesMaximum() {
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + queues.posixName() + "?maxMessage=100")) {
            assertEquals(100, publisher.maxMessageLength());
            assertTrue(publisher.offer(payload, 0, 100, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 101, 1));
            assertTrue(e.getMessage().contains("length=101") && e.getMessage().contains("largest payload is 100")
                    && e.getMessage().contains("mq_msgsize=108"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, -1, 1));
        }
    }

    @Test
    void reservedTypesAndOutOfRangePrioritiesAreRefused() {
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + queues.posixName())) {
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 1, -1));
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 1, 1, -1));
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 1, 1, PosixMessageQueue.MAX_PRIORITY + 1));
            assertTrue(publisher.offer(payload, 0, 1, 1, PosixMessageQueue.MAX_PRIORITY));
            assertEquals(1, publisher.queue().currentMessages());
        }
    }

    @Test
    void messagesWithoutAPriorityGetTheUrisDefault() {
        String uri = "mq:" + queues.posixName() + "?priority=7";
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            assertEquals(7, publisher.defaultPriority());
            assertTrue(publisher.offer(new byte[] {1, 2, 3}, 1, 2, 4));
            int[] seen = new int[4];
            assertEquals(1, subscriber.poll((type, priority, buffer, offset, length) -> {
                seen[0] = type;
                seen[1] = priority;
                seen[2] = length;
                seen[3] = buffer.get(offset);
            }, 10));
            assertEquals(4, seen[0]);
            assertEquals(7, seen[1]);
            assertEquals(2, seen[2]);
            assertEquals(2, seen[3]);
        }
    }

    @Test
    void aClosedPublisherRefusesToSend() {
        PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + queues.posixName());
        publisher.close();
        assertThrows(ChannelClosedException.class, () -> publisher.offer(payload, 0, 1, 1));
        assertThrows(ChannelClosedException.class, () -> publisher.offer(payload, 0, 1, 1, 1, TimeUnit.SECONDS));
    }

    @Test
    void sendingAndReceivingAllocateNothingPerMessage() throws InterruptedException {
        String uri = "mq:" + queues.posixName();
        byte[] array = new byte[50];
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            int messages = 10_000;
            exchange(publisher, subscriber, array, messages);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            exchange(publisher, subscriber, array, messages);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < messages, "allocated " + allocated + " bytes for " + messages
                    + " messages sent and received; one object per message would be 16 or more each");
        }
    }

    private void exchange(PosixMqPublisher publisher, PosixMqSubscriber subscriber, byte[] array, int messages)
            throws InterruptedException {
        for (int i = 0; i < messages; i++) {
            assertTrue(publisher.offer(payload, 0, 100, 1, i & 7));
            assertTrue(publisher.offer(array, 0, 50, 2));
            assertTrue(publisher.offer(payload, 0, 10, 3, 5, TimeUnit.SECONDS));
            assertEquals(2, subscriber.poll(ignore, 2));
            assertEquals(1, subscriber.poll(ignore, 1, 5, TimeUnit.SECONDS));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
