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
import io.ipcring.transport.NativeIo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosixMqSubscriberTest {
    private final TestQueues queues = new TestQueues();
    private final List<String> received = new ArrayList<>();
    private final MessageHandler record = (type, buffer, offset, length) -> {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        received.add(type + ":" + new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    };

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void higherPrioritiesArriveFirstAndEqualOnesInSendingOrder() {
        String uri = "mq:" + queues.posixName();
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            send(publisher, "a", 1, 1);
            send(publisher, "b", 2, 5);
            send(publisher, "c", 3, 1);
            send(publisher, "d", 4, 3);
            send(publisher, "e", 5, 5);
            List<String> order = new ArrayList<>();
            assertEquals(5, subscriber.poll((type, priority, buffer, offset, length) ->
                    order.add((char) buffer.get(offset) + "@" + priority + "/" + type), 10));
            assertEquals(List.of("b@5/2", "e@5/5", "d@3/4", "a@1/1", "c@1/3"), order);
        }
    }

    @Test
    void deliversTypeAndPayloadUpToTheLimit() {
        String uri = "mq:" + queues.posixName();
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            send(publisher, "one", 1, 0);
            send(publisher, "", 2, 0);
            send(publisher, "three", 3, 0);
            assertEquals(2, subscriber.poll(record, 2));
            assertEquals(1, subscriber.poll(record, 2));
            assertEquals(0, subscriber.poll(record, 2));
            assertEquals(List.of("1:one", "2:", "3:three"), received);
            assertThrows(IllegalArgumentException.class, () -> subscriber.poll(record, 0));
        }
    }

    @Test
    void aTimedPollReturnsNothingAfterTheTimeoutAndAMessageAsSoonAsItComes() throws Exception {
        String uri = "mq:" + queues.posixName();
        try (PosixMqPublisher publisher = PosixMqPublisher.open(uri); PosixMqSubscriber subscriber = PosixMqSubscriber.open(uri)) {
            long start = System.nanoTime();
            assertEquals(0, subscriber.poll(record, 1, 50, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                PosixMqPublisherTest.sleep(100);
                send(publisher, "late", 9, 0);
            });
            assertEquals(1, subscriber.poll(record, 5, 20, TimeUnit.SECONDS));
            assertEquals(List.of("9:late"), received);
            sender.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTimedPollIsInterruptible() throws Exception {
        try (PosixMqSubscriber subscriber = PosixMqSubscriber.open("mq:" + queues.posixName())) {
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
    void malformedMessagesAreReportedOneByOneAndTheFollowingOnesStillArrive() {
        String name = queues.posixName();
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + name + "?maxMessages=10&maxMessage=100");
             PosixMqSubscriber subscriber = PosixMqSubscriber.open("mq:" + name)) {
            RawPosixQueue raw = new RawPosixQueue(name);
            try {
                raw.send(new byte[4]);
                raw.send(frame(100, 1, 20));
                raw.send(frame(1000, 1, 20));
                raw.send(frame(-5, 1, 0));
                raw.send(frame(3, 0, 3));
                raw.send(frame(3, -1, 3));
                send(publisher, "ok", 7, 0);
                assertMalformed(subscriber, "message of 4 bytes is shorter than the 8-byte frame header");
                assertMalformed(subscriber, "frame length field 100 disagrees with the message size 28");
                assertMalformed(subscriber, "frame length 1000 outside [0, 100]");
                assertMalformed(subscriber, "frame length -5 outside [0, 100]");
                assertMalformed(subscriber, "frame type 0 is reserved");
                assertMalformed(subscriber, "frame type -1 is reserved");
                assertEquals(1, subscriber.poll(record, 10));
                assertEquals(List.of("7:ok"), received);
            } finally {
                raw.close();
            }
        }
    }

    @Test
    void messagesBeforeAMalformedOneStayDelivered() {
        String name = queues.posixName();
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + name); PosixMqSubscriber subscriber = PosixMqSubscriber.open("mq:" + name)) {
            RawPosixQueue raw = new RawPosixQueue(name);
            try {
                send(publisher, "first", 1, 0);
                raw.send(new byte[3]);
                send(publisher, "after", 2, 0);
                assertThrows(MalformedFrameException.class, () -> subscriber.poll(record, 10));
                assertEquals(List.of("1:first"), received);
                assertEquals(1, subscriber.poll(record, 10));
                assertEquals(List.of("1:first", "2:after"), received);
            } finally {
                raw.close();
            }
        }
    }

    @Test
    void aClosedSubscriberRefusesToReceive() {
        PosixMqSubscriber subscriber = PosixMqSubscriber.open("mq:" + queues.posixName());
        subscriber.close();
        assertThrows(ChannelClosedException.class, () -> subscriber.poll(record, 1));
        assertThrows(ChannelClosedException.class, () -> subscriber.poll(record, 1, 1, TimeUnit.SECONDS));
    }

    private static void assertMalformed(PosixMqSubscriber subscriber, String expected) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> subscriber.poll((type, buffer, offset, length) -> { }, 10));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("POSIX queue /"), e.getMessage());
    }

    private static void send(PosixMqPublisher publisher, String text, int type, int priority) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(publisher.offer(java.nio.ByteBuffer.wrap(bytes), 0, bytes.length, type, priority));
    }

    /** @return a frame whose header says {@code length} and {@code type}, carrying {@code payload} bytes */
    static byte[] frame(int length, int type, int payload) {
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(MessageFrame.HEADER_LENGTH + payload);
        MessageFrame.putHeader(frame, 0, length, type);
        return frame.array();
    }

    /** Puts arbitrary bytes into a queue with raw mq_timedsend calls, as a hostile process could. */
    static final class RawPosixQueue {
        private final int fd;
        private final NativeBuffer message = NativeBuffer.allocate(1 << 16);
        private final Timespec past = new Timespec();

        RawPosixQueue(String name) {
            fd = Os.CALLS.mq_open(name, NativeIo.O_WRONLY, 0, 0);
            assertTrue(fd >= 0, () -> "mq_open " + name + ": " + Errno.describe(Os.CALLS.errno()));
            past.setPast();
        }

        void send(byte[] bytes) {
            message.buffer.put(0, bytes);
            assertEquals(0, Os.CALLS.mq_timedsend(fd, message.address, bytes.length, 0, past.address()),
                    () -> "mq_timedsend: " + Errno.describe(Os.CALLS.errno()));
        }

        void close() {
            Os.CALLS.mq_close(fd);
        }
    }
}
