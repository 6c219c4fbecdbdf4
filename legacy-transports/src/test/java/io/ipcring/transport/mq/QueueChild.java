package io.ipcring.transport.mq;

import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.SequencedMessages;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The second process of the queue tests, opening its channels through {@link Channels} (so the
 * ServiceLoader registration is exercised too). Exits 0 on success, 1 with a message on failure.
 *
 * <ul>
 *   <li>{@code send URI FIRST COUNT SEED MAXLENGTH}: sends sequenced messages FIRST..FIRST+COUNT-1
 *       (COUNT -1: forever), type 1 + sequence % 3, waiting up to 30 s for room for each;</li>
 *   <li>{@code receive URI FIRST COUNT}: receives COUNT messages, checks each one's checksum and
 *       that the sequences run FIRST, FIRST+1, ...; waits up to 30 s for each;</li>
 *   <li>{@code echo IN_URI OUT_URI COUNT}: sends each of COUNT received messages back unchanged.</li>
 * </ul>
 */
public final class QueueChild {
    private static final long WAIT_SECONDS = 30;

    private QueueChild() {
    }

    /** @param args the mode and its arguments, see the class comment */
    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "send":
                    send(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]),
                            Integer.parseInt(args[5]));
                    break;
                case "receive":
                    receive(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
                    break;
                case "echo":
                    echo(args[1], args[2], Long.parseLong(args[3]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    static void send(String uri, long first, long count, long seed, int maxLength) throws InterruptedException {
        SequencedMessages messages = new SequencedMessages(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect(maxLength);
        try (Publisher publisher = Channels.publisher(uri)) {
            for (long sequence = first; count < 0 || sequence < first + count; sequence++) {
                int length = messages.nextLength(Math.min(maxLength, publisher.maxMessageLength()));
                messages.write(buffer, 0, length, sequence);
                if (!publisher.offer(buffer, 0, length, 1 + (int) (sequence % 3), WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no room in " + uri + " for message " + sequence + " within " + WAIT_SECONDS + " s");
                }
            }
        }
        System.out.println("sent " + count);
    }

    static void receive(String uri, long first, long count) throws InterruptedException {
        SequencedMessages messages = new SequencedMessages(0);
        long[] next = {first};
        MessageHandler check = (type, buffer, offset, length) -> {
            long sequence = messages.verify(buffer, offset, length);
            if (sequence != next[0]) {
                throw new AssertionError("expected message " + next[0] + " but got " + sequence);
            }
            if (type != 1 + (int) (sequence % 3)) {
                throw new AssertionError("message " + sequence + " has type " + type);
            }
            next[0]++;
        };
        try (Subscriber subscriber = Channels.subscriber(uri)) {
            while (next[0] < first + count) {
                if (subscriber.poll(check, 64, WAIT_SECONDS, TimeUnit.SECONDS) == 0) {
                    throw new IllegalStateException("no message " + next[0] + " from " + uri + " within " + WAIT_SECONDS + " s");
                }
            }
        }
        System.out.println("received " + count);
    }

    static void echo(String in, String out, long count) throws InterruptedException {
        try (Subscriber subscriber = Channels.subscriber(in); Publisher publisher = Channels.publisher(out)) {
            boolean[] sent = new boolean[1];
            MessageHandler reply = (type, buffer, offset, length) -> {
                try {
                    sent[0] = publisher.offer(buffer, offset, length, type, WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            for (long i = 0; i < count; i++) {
                if (subscriber.poll(reply, 1, WAIT_SECONDS, TimeUnit.SECONDS) != 1 || !sent[0]) {
                    throw new IllegalStateException("echo " + i + " of " + count + " failed");
                }
            }
        }
        System.out.println("echoed " + count);
    }
}
