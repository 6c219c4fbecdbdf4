package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SysVMqSubscriberTest {
    private final TestQueues queues = new TestQueues();
    private final List<String> received = new ArrayList<>();
    private final MessageHandler record = (type, buffer, offset, length) -> {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        received.add(type + ":" + new String(bytes, StandardCharsets.US_ASCII));
    };

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void receivesExactlyATypeTheLowestTypeUpToABoundOrAnyType() {
        String uri = "sysvmq:" + TestQueues.hex(queues.sysvKey());
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri); SysVMqSubscriber subscriber = SysVMqSubscriber.open(uri)) {
            send(publisher, "a", 3);
            send(publisher, "b", 1);
            send(publisher, "c", 2);
            send(publisher, "d", 1);
            send(publisher, "e", 3);
            send(publisher, "f", 9);
            assertEquals(2, subscriber.poll(record, 10, ReceiveMode.exactly(1)));
            assertEquals(List.of("1:b", "1:d"), received);
            assertEquals(0, subscriber.poll(record, 10, ReceiveMode.exactly(4)));
            assertEquals(1, subscriber.poll(record, 1, ReceiveMode.lowestUpTo(3)));
            assertEquals("2:c", received.get(2), "type 2 is the lowest of a(3), c(2), e(3), f(9)");
            assertEquals(2, subscriber.poll(record, 10, ReceiveMode.lowestUpTo(8)));
            assertEquals(List.of("3:a", "3:e"), received.subList(3, 5), "then the 3s in sending order; f(9) is above the bound");
            assertEquals(1, subscriber.poll(record, 10, ReceiveMode.any()));
            assertEquals("9:f", received.get(5));
        }
    }

    @Test
    void theUrisTypeParameterSelectsWhatPlainPollsReceive() {
        int key = queues.sysvKey();
        String base = "sysvmq:" + TestQueues.hex(key);
        try (SysVMqPublisher publisher = SysVMqPublisher.open(base);
             SysVMqSubscriber twos = SysVMqSubscriber.open(base + "?type=2");
             SysVMqSubscriber lowest = SysVMqSubscriber.open(base + "?type=-5");
             SysVMqSubscriber any = SysVMqSubscriber.open(base + "?type=0")) {
            assertEquals(ReceiveMode.exactly(2), twos.receiveMode());
            send(publisher, "x", 7);
            send(publisher, "y", 4);
            send(publisher, "z", 2);
            send(publisher, "w", 3);
            assertEquals(1, twos.poll(record, 10));
            assertEquals(1, lowest.poll(record, 1));
            assertEquals(1, any.poll(record, 1));
            assertEquals(1, lowest.poll(record, 10));
            assertEquals(List.of("2:z", "3:w", "7:x", "4:y"), received);
        }
    }

    @Test
    void aTimedPollReturnsNothingAfterTheTimeoutEvenWhenOtherTypesWait() throws Exception {
        String uri = "sysvmq:" + TestQueues.hex(queues.sysvKey());
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri); SysVMqSubscriber subscriber = SysVMqSubscriber.open(uri)) {
            send(publisher, "other", 1);
            long start = System.nanoTime();
            assertEquals(0, subscriber.poll(record, 1, ReceiveMode.exactly(5), 50, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                PosixMqPublisherTest.sleep(100);
                send(publisher, "late", 5);
            });
            assertEquals(1, subscriber.poll(record, 5, ReceiveMode.exactly(5), 20, TimeUnit.SECONDS));
            assertEquals(List.of("5:late"), received);
            sender.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTimedPollIsInterruptible() throws Exception {
        try (SysVMqSubscriber subscriber = SysVMqSubscriber.open("sysvmq:" + TestQueues.hex(queues.sysvKey()))) {
            Thread caller = Thread.currentThread();
            CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
                PosixMqPublisherTest.sleep(100);
                caller.interrupt();
            });
            assertThrows(InterruptedException.class, () -> subscriber.poll(record, 1, 30, TimeUnit.SECONDS));
            interrupter.get(20, TimeUnit.SECONDS);
            assertFalse(Thread.interrupted());
        }
    }

    @Test
    void aWaitingPollEndsWithChannelClosedWhenTheQueueIsRemoved() throws Exception {
        int key = queues.sysvKey();
        try (SysVMqSubscriber subscriber = SysVMqSubscriber.open("sysvmq:" + TestQueues.hex(key))) {
            CompletableFuture<Boolean> remover = CompletableFuture.supplyAsync(() -> {
                PosixMqPublisherTest.sleep(100);
                return SysVMessageQueue.remove(key);
            });
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> subscriber.poll(record, 1, 30, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains("the queue was removed"), e.getMessage());
            assertTrue(remover.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void malformedMessagesAreReportedOneByOneAndTheFollowingOnesStillArrive() {
        int key = queues.sysvKey();
        try (SysVMqPublisher publisher = SysVMqPublisher.open("sysvmq:" + TestQueues.hex(key));
             SysVMqSubscriber subscriber = SysVMqSubscriber.open("sysvmq:" + TestQueues.hex(key) + "?maxMessage=100")) {
            int id = subscriber.queue().id();
            rawSend(id, 1, new byte[4]);
            rawSend(id, 1, PosixMqSubscriberTest.frame(100, 1, 20));
            rawSend(id, 1, PosixMqSubscriberTest.frame(1000, 1, 20));
            rawSend(id, 1, PosixMqSubscriberTest.frame(-5, 1, 0));
            rawSend(id, 1, PosixMqSubscriberTest.frame(3, 0, 3));
            rawSend(id, 1, PosixMqSubscriberTest.frame(3, 2, 3));
            rawSend(id, 1L << 40, PosixMqSubscriberTest.frame(3, 1, 3));
            rawSend(id, 1, PosixMqSubscriberTest.frame(192, 1, 192));
            send(publisher, "ok", 7);
            assertMalformed(subscriber, "message of 4 bytes is shorter than the 8-byte frame header");
            assertMalformed(subscriber, "frame length field 100 disagrees with the message size 28");
            assertMalformed(subscriber, "frame length 1000 outside [0, 100]");
            assertMalformed(subscriber, "frame length -5 outside [0, 100]");
            assertMalformed(subscriber, "frame type 0 is reserved");
            assertMalformed(subscriber, "frame type 2 disagrees with the message's mtype 1");
            assertMalformed(subscriber, "frame type 1 disagrees with the message's mtype 1099511627776");
            assertMalformed(subscriber, "message of 109 bytes exceeds the largest frame 108");
            assertEquals(1, subscriber.poll(record, 10));
            assertEquals(List.of("7:ok"), received);
            assertEquals(0, subscriber.queue().status().messages(), "every malformed message left the queue");
        }
    }

    @Test
    void aClosedSubscriberRefusesToReceive() {
        SysVMqSubscriber subscriber = SysVMqSubscriber.open("sysvmq:" + TestQueues.hex(queues.sysvKey()));
        subscriber.close();
        assertThrows(ChannelClosedException.class, () -> subscriber.poll(record, 1));
        assertThrows(ChannelClosedException.class, () -> subscriber.poll(record, 1, ReceiveMode.any(), 1, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> subscriber.poll(record, 0));
    }

    private static void assertMalformed(SysVMqSubscriber subscriber, String expected) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> subscriber.poll((type, buffer, offset, length) -> { }, 10));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("System V queue key=0x"), e.getMessage());
    }

    private static void send(SysVMqPublisher publisher, String text, int type) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertTrue(publisher.offer(ByteBuffer.wrap(bytes), 0, bytes.length, type));
    }

    /** Puts arbitrary bytes into a queue with a raw msgsnd, as a hostile process could. */
    private static void rawSend(int id, long mtype, byte[] text) {
        NativeBuffer message = NativeBuffer.allocate(8 + text.length);
        message.buffer.putLong(0, mtype);
        message.buffer.put(8, text);
        assertEquals(0, Os.CALLS.msgsnd(id, message.address, text.length, QueueLibc.IPC_NOWAIT),
                () -> "msgsnd: " + Errno.describe(Os.CALLS.errno()));
    }
}
