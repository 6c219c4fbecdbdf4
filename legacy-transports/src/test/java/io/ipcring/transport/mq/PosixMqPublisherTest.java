package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.MessageHandler;
import io.ipcring.testsupport.AllocationMeter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosixMqPublisherTest {
    /** Measured rounds of {@code sendingAndReceivingAllocateNothingPerMessage} at most. */
    private static final int MEASURED_ROUNDS = 5;
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
    void sendingAndReceivingAllocateNothingPerMessage() throws InterruptedException {
        String uri = "mq:" + queues.posixName();
        byte[] array = new byte[50];
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            int messages = 10_000;
            exchange(publisher, subscriber, array, messages);
            // Measured rounds until one allocates less than a byte per message: how long the JIT
            // takes to compile the calls (and, on 22+, to scalar-replace the downcalls' temporaries)
            // varies with the machine's load. An allocation per message shows in every round.
            List<Long> rounds = new ArrayList<>();
            for (int round = 0; round < MEASURED_ROUNDS && (rounds.isEmpty() || rounds.get(rounds.size() - 1) >= messages);
                    round++) {
                AllocationMeter meter = AllocationMeter.start();
                exchange(publisher, subscriber, array, messages);
                rounds.add(meter.bytes());
            }
            assertTrue(rounds.get(rounds.size() - 1) < messages, "allocated " + rounds + " bytes in rounds of " + messages
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
