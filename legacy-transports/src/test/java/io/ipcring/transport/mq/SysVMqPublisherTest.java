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
class SysVMqPublisherTest {
    /** Measured rounds of {@code sendingAndReceivingAllocateNothingPerMessage} at most. */
    private static final int MEASURED_ROUNDS = 5;
    private final TestQueues queues = new TestQueues();
    private final ByteBuffer payload = ByteBuffer.allocateDirect(10_000);
    private final MessageHandler ignore = (type, buffer, offset, length) -> { };

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    private String uri(String parameters) {
        return "sysvmq:" + TestQueues.hex(queues.sysvKey()) + parameters;
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri("?queueBytes=100"))) {
            assertTrue(publisher.offer(payload, 0, 50, 1));
            assertFalse(publisher.offer(payload, 0, 50, 1), "58 + 58 bytes exceed the queue's 100");
            assertEquals(1, publisher.queue().status().messages());
        }
    }

    @Test
    void aMessageAboveMsgmaxIsRefusedNamingTheLimitAndItsSysctl() {
        long msgmax = SysVMqLimits.read().msgmax();
        long msgmnb = ProcValues.read(SysVMqLimits.DIRECTORY.resolve("msgmnb"));
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri("?queueBytes=" + Math.min(msgmnb, 2 * msgmax)))) {
            int largest = publisher.maxMessageLength();
            assertEquals(msgmax - 8, largest);
            assertTrue(publisher.offer(payload, 0, largest, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, largest + 1, 1));
            assertTrue(e.getMessage().contains("length=" + (largest + 1)) && e.getMessage().contains("largest payload is " + largest)
                    && e.getMessage().contains("/proc/sys/kernel/msgmax=" + msgmax)
                    && e.getMessage().contains("sysctl -w kernel.msgmax=" + (msgmax + 1)), e.getMessage());
        }
    }

    @Test
    void aMessageAboveTheQueuesByteLimitOrMaxMessageIsRefusedNamingIt() {
        try (SysVMqPublisher small = SysVMqPublisher.open(uri("?queueBytes=1000"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.offer(payload, 0, 993, 1));
            assertTrue(e.getMessage().contains("msg_qbytes=1000"), e.getMessage());
        }
        try (SysVMqPublisher limited = SysVMqPublisher.open(uri("?maxMessage=100"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> limited.offer(payload, 0, 101, 1));
            assertTrue(e.getMessage().contains("maxMessage=100"), e.getMessage());
        }
    }

    @Test
    void reservedTypesAreRefused() {
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri(""))) {
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, 1, -7));
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(payload, 0, -1, 1));
            assertEquals(0, publisher.queue().status().messages());
        }
    }

    @Test
    void sendingAndReceivingAllocateNothingPerMessage() throws InterruptedException {
        String uri = uri("");
        byte[] array = new byte[50];
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri); SysVMqSubscriber subscriber = SysVMqSubscriber.open(uri)) {
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

    private void exchange(SysVMqPublisher publisher, SysVMqSubscriber subscriber, byte[] array, int messages)
            throws InterruptedException {
        ReceiveMode second = ReceiveMode.exactly(2);
        for (int i = 0; i < messages; i++) {
            assertTrue(publisher.offer(payload, 0, 100, 1));
            assertTrue(publisher.offer(array, 0, 50, 2));
            assertTrue(publisher.offer(payload, 0, 10, 3, 5, TimeUnit.SECONDS));
            assertEquals(1, subscriber.poll(ignore, 5, second));
            assertEquals(1, subscriber.poll(ignore, 1));
            assertEquals(1, subscriber.poll(ignore, 1, 5, TimeUnit.SECONDS));
        }
    }
}
