package io.ipcring.transport.pipe;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.concurrent.TimeUnit;

/**
 * The child of {@link PipeChannelContractTest}: opens {@code pipe:stdio?maxMessage=N} (the first
 * argument) both ways through {@link Channels} and sends every message it receives back, in order,
 * until its stdin ends or a message of type {@link #STOP} arrives; then it closes both sides and
 * exits. Failures go to stderr with exit code 1.
 */
public final class PipeRelay {
    /** The message type that makes the relay close its pipes and exit. */
    public static final int STOP = Integer.MAX_VALUE;
    /** How long the relay waits for the parent to make room for a message. */
    static final long WAIT_SECONDS = 120;

    private PipeRelay() {
    }

    public static void main(String[] args) throws InterruptedException {
        String uri = "pipe:stdio?maxMessage=" + Integer.parseInt(args[0]);
        boolean[] stopped = {false};
        try (Subscriber in = Channels.subscriber(uri); Publisher out = Channels.publisher(uri)) {
            while (!stopped[0]) {
                in.poll((type, buffer, offset, length) -> {
                    if (type == STOP) {
                        stopped[0] = true;
                    } else if (!stopped[0] && !relay(out, type, buffer, offset, length)) {
                        throw new IllegalStateException("the parent took no message for " + WAIT_SECONDS + " s");
                    }
                }, 64, WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ChannelClosedException e) {
            // the parent closed our stdin: done
        }
    }

    private static boolean relay(Publisher out, int type, java.nio.ByteBuffer buffer, int offset, int length) {
        try {
            return out.offer(buffer, offset, length, type, WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
