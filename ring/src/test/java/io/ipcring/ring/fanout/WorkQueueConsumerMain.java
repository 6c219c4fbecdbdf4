package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.SequencedMessages;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link WorkQueueMultiProcessTest}: takes messages, checks each one's checksum and
 * counts its id in the shared tally, until every id was handled at least once. With a hold count
 * {@code h >= 0}, after {@code h} messages it counts the next one, announces it in the tally and
 * sits inside the handler until killed. Arguments: ring path, tally path, total ids, hold count.
 */
public final class WorkQueueConsumerMain {
    private WorkQueueConsumerMain() {
    }

    /** @param args ring path, tally path, total, hold count @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        int total = Integer.parseInt(args[2]);
        long hold = Long.parseLong(args[3]);
        SequencedMessages messages = new SequencedMessages(0);
        long[] handled = {0};
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (WorkQueueRing ring = WorkQueueRing.open(Path.of(args[0]));
             WorkQueueTally tally = WorkQueueTally.open(Path.of(args[1]), total);
             Subscriber consumer = ring.consumer()) {
            MessageHandler count = (type, buffer, offset, length) -> {
                long id = messages.verify(buffer, offset, length);
                tally.handled(id);
                if (handled[0]++ == hold) {
                    tally.holding(id);
                    while (true) {
                        sleep();
                    }
                }
            };
            while (tally.distinct() < total) {
                consumer.poll(count, 64, 10, TimeUnit.MILLISECONDS);
                if (System.nanoTime() > deadline) {
                    System.out.println("TIMEOUT with " + tally.distinct() + " of " + total + " handled");
                    System.exit(2);
                }
            }
        }
        System.out.println("OK " + handled[0]);
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
