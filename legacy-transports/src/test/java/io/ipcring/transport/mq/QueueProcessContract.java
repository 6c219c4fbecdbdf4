package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.SequencedMessages;
import io.ipcring.sync.ChildJvm;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tests that every queue transport passes across two real processes (the test JVM and a
 * {@link QueueChild}); a subclass per transport supplies fresh queue URIs.
 *
 * <p>The message count of the stream test is {@code -Dipcring.mq.messages} (default
 * {@value #DEFAULT_MESSAGES}; the full count is 100000:
 * {@code mvn -B -pl legacy-transports -am verify -Dipcring.mq.messages=100000}).
 */
abstract class QueueProcessContract {
    static final int DEFAULT_MESSAGES = 20_000;
    static final long MESSAGES = Long.getLong("ipcring.mq.messages", DEFAULT_MESSAGES);
    static final int PING_PONGS = 2_000;
    private static final long WAIT_SECONDS = 30;

    final TestQueues queues = new TestQueues();

    /** @return the URI of a fresh queue, removed by {@link #queues} after the test */
    abstract String newQueueUri();

    /** @param uri a URI from {@link #newQueueUri()} @return true when that queue exists */
    abstract boolean queueExists(String uri);

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void messagesOfRandomSizesFromAnotherProcessArriveInOrderCompleteAndUncorrupted() throws Exception {
        String uri = newQueueUri();
        try (Subscriber subscriber = Channels.subscriber(uri);
             ChildJvm sender = ChildJvm.start(QueueChild.class, "send", uri, "0", Long.toString(MESSAGES),
                     Long.toString(ThreadLocalRandom.current().nextLong()), "1000000")) {
            Receiver receiver = new Receiver(0);
            while (receiver.next < MESSAGES) {
                assertTrue(subscriber.poll(receiver, 64, WAIT_SECONDS, TimeUnit.SECONDS) > 0,
                        () -> "message " + receiver.next + " did not arrive; sender output:\n" + sender.output());
            }
            assertEquals(0, sender.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), sender::output);
            assertEquals(0, subscriber.poll(receiver, 1), "nothing beyond the messages sent");
            System.out.println(getClass().getSimpleName() + ": " + receiver.next + " messages from another process verified");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void messageSentBeforeTheReceiverExistsIsReceivedAfterTheSenderExited() throws Exception {
        String uri = newQueueUri();
        try (ChildJvm sender = ChildJvm.start(QueueChild.class, "send", uri, "0", "5", "7", "100")) {
            assertEquals(0, sender.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), sender::output);
        }
        assertTrue(queueExists(uri), "the queue outlives its only user");
        try (ChildJvm receiver = ChildJvm.start(QueueChild.class, "receive", uri, "0", "5")) {
            assertEquals(0, receiver.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), receiver::output);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void senderKilledMidStreamLeavesTheQueueIntactAndATimedReceiveReturns() throws Exception {
        String uri = newQueueUri();
        Receiver receiver = new Receiver(0);
        try (Subscriber subscriber = Channels.subscriber(uri)) {
            try (ChildJvm sender = ChildJvm.start(QueueChild.class, "send", uri, "0", "-1", "11", "2000")) {
                while (receiver.next < 500) {
                    assertTrue(subscriber.poll(receiver, 64, WAIT_SECONDS, TimeUnit.SECONDS) > 0, sender::output);
                }
                sender.kill();
            }
            while (subscriber.poll(receiver, 64, 200, TimeUnit.MILLISECONDS) > 0) {
                assertTrue(receiver.next < Long.MAX_VALUE);
            }
            long resumeAt = receiver.next;
            assertEquals(0, subscriber.poll(receiver, 1, 100, TimeUnit.MILLISECONDS), "a timed receive with no sender returns 0");
            try (ChildJvm sender = ChildJvm.start(QueueChild.class, "send", uri, Long.toString(resumeAt), "100", "12", "2000")) {
                while (receiver.next < resumeAt + 100) {
                    assertTrue(subscriber.poll(receiver, 64, WAIT_SECONDS, TimeUnit.SECONDS) > 0, sender::output);
                }
                assertEquals(0, sender.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), sender::output);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void pingPongWithAnotherProcessReturnsEveryMessageUnchanged() throws Exception {
        String there = newQueueUri();
        String back = newQueueUri();
        ByteBuffer ping = ByteBuffer.allocateDirect(64);
        byte[] sent = new byte[64];
        byte[] echoed = new byte[64];
        int[] echoedLength = new int[1];
        MessageHandler copy = (type, buffer, offset, length) -> {
            buffer.get(offset, echoed, 0, length);
            echoedLength[0] = length;
        };
        long[] roundTrips = new long[PING_PONGS];
        try (Publisher out = Channels.publisher(there); Subscriber in = Channels.subscriber(back);
             ChildJvm echo = ChildJvm.start(QueueChild.class, "echo", there, back, Integer.toString(PING_PONGS))) {
            for (int i = 0; i < PING_PONGS; i++) {
                int length = 1 + i % sent.length;
                ThreadLocalRandom.current().nextBytes(sent);
                ping.put(0, sent, 0, length);
                long start = System.nanoTime();
                assertTrue(out.offer(ping, 0, length, 1, WAIT_SECONDS, TimeUnit.SECONDS));
                assertEquals(1, in.poll(copy, 1, WAIT_SECONDS, TimeUnit.SECONDS), echo::output);
                roundTrips[i] = System.nanoTime() - start;
                assertEquals(length, echoedLength[0]);
                assertArrayEquals(Arrays.copyOf(sent, length), Arrays.copyOf(echoed, length), "round trip " + i);
            }
            assertEquals(0, echo.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), echo::output);
        }
        Arrays.sort(roundTrips);
        System.out.printf("%s ping-pong round trip over %d (correctness run, loaded machine): p50 %.1f us, p90 %.1f us, p99 %.1f us%n",
                getClass().getSimpleName(), PING_PONGS, roundTrips[PING_PONGS / 2] / 1e3,
                roundTrips[PING_PONGS * 9 / 10] / 1e3, roundTrips[PING_PONGS * 99 / 100] / 1e3);
    }

    /** Checks that messages carry consecutive sequences from a start, with valid checksums and types. */
    static final class Receiver implements MessageHandler {
        private final SequencedMessages messages = new SequencedMessages(0);
        long next;

        Receiver(long first) {
            this.next = first;
        }

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            long sequence = messages.verify(buffer, offset, length);
            assertEquals(next, sequence, "sequence");
            assertEquals(1 + (int) (sequence % 3), type, "type of message " + sequence);
            next++;
        }
    }
}
