package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.SequencedMessages;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link BroadcastMultiProcessTest}: attaches to a broadcast ring by name and
 * receives {@code count} sequenced messages, checking that each arrives once, in order, with a
 * valid checksum. Exits 0 when all arrived, 1 on a wrong message, 2 when the deadline passes.
 * Arguments: ring path, subscriber name, count, deadline in seconds.
 */
public final class BroadcastSubscriberMain {
    private BroadcastSubscriberMain() {
    }

    /** @param args path, name, count, deadline seconds @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[2]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
        SequencedMessages messages = new SequencedMessages(0);
        warmUp(messages);
        long[] next = {0};
        try (BroadcastRing ring = BroadcastRing.open(Path.of(args[0]));
             Subscriber subscriber = ring.subscribe(args[1], BroadcastRing.StartPosition.LATEST)) {
            MessageHandler check = (type, buffer, offset, length) -> {
                long sequence = messages.verify(buffer, offset, length);
                if (sequence != next[0]) {
                    System.out.println("FAIL expected sequence " + next[0] + " got " + sequence);
                    System.exit(1);
                }
                next[0]++;
            };
            while (next[0] < count) {
                subscriber.poll(check, 256, 100, TimeUnit.MILLISECONDS);
                if (System.nanoTime() > deadline) {
                    System.out.println("TIMEOUT after " + next[0] + " of " + count);
                    System.exit(2);
                }
            }
        }
        System.out.println("OK " + next[0]);
    }

    /** Loads and runs the checking code once, so the first poll is not slowed by class loading. */
    private static void warmUp(SequencedMessages messages) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
        SequencedMessages writer = new SequencedMessages(1);
        for (int i = 0; i < 1000; i++) {
            writer.write(buffer, 0, 64, i);
            messages.verify(buffer, 0, 64);
        }
    }
}
