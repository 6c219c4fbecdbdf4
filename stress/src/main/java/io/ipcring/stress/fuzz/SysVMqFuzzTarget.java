package io.ipcring.stress.fuzz;

import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.sync.os.Errno;
import io.ipcring.transport.mq.SysVMessageQueue;
import io.ipcring.transport.mq.SysVMqSubscriber;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A {@link SysVMqSubscriber} fed by a hostile sender: each case puts a few messages of any bytes
 * and any positive mtype (often disagreeing with the frame's type, some longer than the
 * subscriber's largest frame) into the queue with raw {@code msgsnd} calls, then polls with random
 * limits until the queue is empty. Each message must be either delivered as the oracle's frame or
 * reported by one {@link MalformedFrameException}, in order, and the subscriber must go on.
 */
public final class SysVMqFuzzTarget implements FuzzTarget {
    /** The subscriber's largest payload. */
    static final int MAX_LENGTH = 1000;
    private static final int MAX_MESSAGES = 8;
    private static final int QUEUE_BYTES = 16_384;
    /** The longest message text sent: up to twice the subscriber's largest frame, to be refused. */
    private static final int MAX_TEXT = MessageFrame.HEADER_LENGTH + 2 * MAX_LENGTH;

    private final int key;
    private final SysVMqSubscriber subscriber;
    private final HostileQueues raw = new HostileQueues(Long.BYTES + MAX_TEXT);

    /** Creates a queue under a key no queue has yet, and its subscriber. */
    public SysVMqFuzzTarget() {
        SplittableRandom keys = new SplittableRandom(ProcessHandle.current().pid() * 31 + System.nanoTime());
        int candidate;
        do {
            candidate = 0x1F00_0000 | keys.nextInt(0x100_0000);
        } while (SysVMessageQueue.exists(candidate));
        key = candidate;
        subscriber = SysVMqSubscriber.open("sysvmq:0x" + Integer.toHexString(key) + "?maxMessage=" + MAX_LENGTH
                + "&queueBytes=" + QUEUE_BYTES + "&removeOnClose=true");
    }

    @Override
    public String name() {
        return "sysv-mq";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        int count = 1 + random.nextInt(MAX_MESSAGES);
        List<String> expected = new ArrayList<>();
        int malformed = 0;
        long bytes = 0;
        int queued = 0;
        for (int i = 0; i < count; i++) {
            byte[] text = FrameBytes.message(random, MAX_LENGTH, MAX_TEXT);
            if (queued + text.length > QUEUE_BYTES) {
                break;
            }
            long mtype = mtype(random, text);
            int errno = raw.sendSysV(subscriber.queue().id(), mtype, text);
            if (errno != 0) {
                throw new IllegalStateException("raw msgsnd of " + text.length + " bytes (mtype=" + mtype + ") to key=0x"
                        + Integer.toHexString(key) + " failed: " + Errno.describe(errno));
            }
            queued += text.length;
            bytes += text.length;
            Optional<Frame> frame = QueueOracle.sysV(mtype, text, MAX_LENGTH);
            expected.add(frame.map(Frame::toString).orElse(StreamChunks.MALFORMED));
            malformed += frame.isPresent() ? 0 : 1;
        }
        List<String> events = new ArrayList<>();
        boolean empty = false;
        while (!empty) {
            FuzzFailure.checkDeadline("sysv-mq", deadlineNanos, "draining after " + events.size() + " events");
            try {
                empty = subscriber.poll((type, buffer, offset, length) -> events.add(Frame.of(type, buffer, offset, length).toString()),
                        StreamChunks.limit(random)) == 0;
            } catch (MalformedFrameException e) {
                events.add(StreamChunks.MALFORMED);
            }
        }
        FuzzFailure.checkEvents("sysv-mq", expected, events);
        return new CaseResult(expected.size() - malformed, malformed, bytes);
    }

    @Override
    public void close() {
        subscriber.close();
        SysVMessageQueue.remove(key);
    }

    /** @return the queue's key, removed on close */
    int key() {
        return key;
    }

    /** Mostly the frame's own type when positive; otherwise any positive mtype, as msgsnd requires. */
    private static long mtype(SplittableRandom random, byte[] text) {
        if (text.length >= MessageFrame.HEADER_LENGTH && random.nextInt(5) != 0) {
            int type = ByteBuffer.wrap(text).order(ByteOrder.LITTLE_ENDIAN).getInt(MessageFrame.TYPE_OFFSET);
            if (type > 0) {
                return type;
            }
        }
        return random.nextBoolean() ? 1 + random.nextInt(1000) : random.nextLong(1, Long.MAX_VALUE);
    }
}
