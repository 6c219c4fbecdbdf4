package io.ipcring.stress.fuzz;

import io.ipcring.channel.Channels;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import java.nio.file.Path;

/**
 * A publisher and a subscriber of one ring file, of one of the kinds {@link RingFileSwapFuzzTarget}
 * changes files under: the four channel kinds through {@link Channels}
 * ({@link ChannelSwapEndpoints}), or a {@link RingQueue} ({@link QueueSwapEndpoints}).
 */
interface SwapEndpoints {
    /** The kind of a {@link RingQueue}'s file; the others are channel URI kinds. */
    String QUEUE = "queue";
    /** The length of every message (a queue's largest element). */
    int MESSAGE_LENGTH = 40;

    /**
     * @param path the ring file, created when there is none
     * @param kind "spsc", "mpsc", "broadcast", "workqueue" or {@link #QUEUE}
     * @return a publisher and a subscriber of it
     */
    static SwapEndpoints attach(Path path, String kind) {
        return kind.equals(QUEUE) ? new QueueSwapEndpoints(path) : new ChannelSwapEndpoints(path, kind);
    }

    /**
     * Creates a ring file of a kind and closes it, as another party would.
     *
     * @param path the new file
     * @param kind as {@link #attach}
     */
    static void create(Path path, String kind) {
        if (kind.equals(QUEUE)) {
            RingQueue.open(path, QueueSwapEndpoints.CAPACITY, MESSAGE_LENGTH, StringCodec.INSTANCE).close();
        } else {
            Channels.publisher(ChannelSwapEndpoints.uri(path, kind)).close();
        }
    }

    /**
     * One call of one side.
     *
     * @param publish the publisher's turn, else the subscriber's
     * @param timed   a call that waits up to 1 ms for room or a message
     * @return messages received
     */
    int step(boolean publish, boolean timed);

    /**
     * Closes both; a close must return normally.
     *
     * @param what the case, for the failure's message
     * @throws FuzzFailure when a close threw
     */
    void close(String what);
}
