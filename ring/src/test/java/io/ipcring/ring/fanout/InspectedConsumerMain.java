package io.ipcring.ring.fanout;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for the inspector tests (ring and cli): takes a consumer slot of a work-queue ring,
 * prints "attached", finishes {@code finish} messages, then takes one more and sits in its
 * handler (printing "holding PAYLOAD") until killed (at most a minute). Exits 2 when the messages
 * do not come within a minute. Arguments: ring path, number of messages to finish first.
 */
public final class InspectedConsumerMain {
    private static final long DEADLINE_SECONDS = 60;

    private InspectedConsumerMain() {
    }

    /** @param args path, finish count @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        int finish = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        int[] handled = {0};
        MessageHandler handler = (type, buffer, offset, length) -> {
            if (handled[0]++ == finish) {
                byte[] payload = new byte[length];
                buffer.get(offset, payload);
                System.out.println("holding " + new String(payload, StandardCharsets.UTF_8));
                System.out.flush();
                sleep(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
            }
        };
        try (WorkQueueRing ring = WorkQueueRing.open(Path.of(args[0]));
             Subscriber consumer = ring.consumer()) {
            System.out.println("attached");
            System.out.flush();
            while (true) {
                consumer.poll(handler, 1, 100, TimeUnit.MILLISECONDS);
                if (System.nanoTime() > deadline) {
                    System.out.println("TIMEOUT after " + handled[0]);
                    System.exit(2);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
