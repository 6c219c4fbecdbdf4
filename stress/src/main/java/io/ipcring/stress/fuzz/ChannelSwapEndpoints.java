package io.ipcring.stress.fuzz;

import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A publisher and a subscriber of one of the four channel kinds, through {@link Channels}. */
final class ChannelSwapEndpoints implements SwapEndpoints {
    /** The ring's data area in bytes. */
    private static final int CAPACITY = 16 * 1024;
    private static final byte[] MESSAGE = new byte[MESSAGE_LENGTH];
    private static final MessageHandler IGNORE = (type, buffer, offset, length) -> { };

    private final Publisher publisher;
    private final Subscriber subscriber;

    /**
     * @param path the ring file, created when there is none
     * @param kind "spsc", "mpsc", "broadcast" or "workqueue"
     */
    ChannelSwapEndpoints(Path path, String kind) {
        this.publisher = Channels.publisher(uri(path, kind));
        Subscriber s;
        try {
            s = Channels.subscriber(uri(path, kind) + (kind.equals("broadcast") ? "&subscriber=s&start=oldest" : ""));
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
        this.subscriber = s;
    }

    /**
     * @param path the ring file
     * @param kind the channel kind
     * @return the URI of a ring of that kind at that path
     */
    static String uri(Path path, String kind) {
        return "shm:" + path + "?kind=" + kind + "&capacity=" + CAPACITY;
    }

    @Override
    public int step(boolean publish, boolean timed) {
        try {
            if (publish) {
                if (timed) {
                    publisher.offer(ByteBuffer.wrap(MESSAGE), 0, MESSAGE.length, 1, 1, TimeUnit.MILLISECONDS);
                } else {
                    publisher.offer(MESSAGE, 0, MESSAGE.length, 1);
                }
                return 0;
            }
            return timed ? subscriber.poll(IGNORE, 4, 1, TimeUnit.MILLISECONDS) : subscriber.poll(IGNORE, 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FuzzFailure("interrupted", e);
        }
    }

    @Override
    public void close(String what) {
        try {
            publisher.close();
            subscriber.close();
        } catch (RuntimeException e) {
            throw new FuzzFailure(what + ": close threw " + e, e);
        }
    }
}
