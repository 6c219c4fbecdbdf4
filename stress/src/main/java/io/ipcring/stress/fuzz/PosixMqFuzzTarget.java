package io.ipcring.stress.fuzz;

import io.ipcring.channel.MalformedFrameException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.mq.PosixMessageQueue;
import io.ipcring.transport.mq.PosixMqSubscriber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A {@link PosixMqSubscriber} fed by a hostile sender: each case puts up to ten messages of any
 * bytes (mutated frames, messages shorter than a header, length fields that disagree with the
 * size) into the queue with raw {@code mq_send} calls at random priorities, then polls with
 * random limits until the queue is empty. Each message must be either delivered as the oracle's
 * frame or reported by one {@link MalformedFrameException}, in priority order (FIFO within a
 * priority), and the subscriber must go on after each report.
 */
public final class PosixMqFuzzTarget implements FuzzTarget {
    /** The subscriber's largest payload. */
    static final int MAX_LENGTH = 1000;
    private static final int MAX_MESSAGES = 10;
    private static final int PRIORITIES = 4;

    private final String name = "/ipcring-fuzz-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    private final PosixMqSubscriber subscriber;
    private final int sender;
    private final int messageSize;
    private final HostileQueues raw;

    /** Creates the queue, the subscriber and the raw sender. */
    public PosixMqFuzzTarget() {
        subscriber = PosixMqSubscriber.open("mq:" + name + "?maxMessages=" + MAX_MESSAGES + "&maxMessage=" + MAX_LENGTH
                + "&unlinkOnClose=true");
        messageSize = subscriber.queue().messageSize();
        raw = new HostileQueues(messageSize);
        sender = HostileQueues.openPosix(name);
        if (sender < 0) {
            int errno = Os.CALLS.errno();
            subscriber.close();
            PosixMessageQueue.unlink(name);
            throw new IllegalStateException("mq_open(" + name + ", O_WRONLY | O_NONBLOCK) failed: " + Errno.describe(errno));
        }
    }

    @Override
    public String name() {
        return "posix-mq";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        int count = 1 + random.nextInt(MAX_MESSAGES);
        List<Sent> sent = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] message = FrameBytes.message(random, MAX_LENGTH, messageSize);
            int priority = random.nextInt(PRIORITIES);
            int errno = raw.sendPosix(sender, message, priority);
            if (errno != 0) {
                throw new IllegalStateException("raw mq_send of " + message.length + " bytes to " + name
                        + " failed: " + Errno.describe(errno));
            }
            sent.add(new Sent(i, priority, QueueOracle.posix(message, MAX_LENGTH)));
            bytes += message.length;
        }
        sent.sort(Comparator.comparingInt(Sent::priority).reversed().thenComparingInt(Sent::order));
        List<String> expected = new ArrayList<>();
        int malformed = 0;
        for (Sent s : sent) {
            expected.add(s.frame.map(Frame::toString).orElse(StreamChunks.MALFORMED));
            malformed += s.frame.isPresent() ? 0 : 1;
        }
        List<String> events = new ArrayList<>();
        boolean empty = false;
        while (!empty) {
            FuzzFailure.checkDeadline("posix-mq", deadlineNanos, "draining after " + events.size() + " events");
            try {
                empty = subscriber.poll((type, buffer, offset, length) -> events.add(Frame.of(type, buffer, offset, length).toString()),
                        StreamChunks.limit(random)) == 0;
            } catch (MalformedFrameException e) {
                events.add(StreamChunks.MALFORMED);
            }
        }
        FuzzFailure.checkEvents("posix-mq", expected, events);
        return new CaseResult(count - malformed, malformed, bytes);
    }

    @Override
    public void close() {
        HostileQueues.closePosix(sender);
        subscriber.close();
        PosixMessageQueue.unlink(name);
    }

    /** @return the queue's name, unlinked on close */
    String queueName() {
        return name;
    }

    /** A message as sent: its order, priority and what the oracle says of it. */
    private record Sent(int order, int priority, Optional<Frame> frame) {
    }
}
