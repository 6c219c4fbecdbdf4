package io.ipcring.ring.fanout;

import io.ipcring.channel.Subscriber;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for the inspector tests (ring and cli): attaches to a broadcast ring by name at the
 * tail, prints "attached", receives exactly {@code count} messages, prints "received N" and then
 * stays attached until killed (at most a minute). Exits 2 when the messages do not come within a
 * minute. Arguments: ring path, subscriber name, count.
 */
public final class InspectedSubscriberMain {
    private static final long DEADLINE_SECONDS = 60;

    private InspectedSubscriberMain() {
    }

    /** @param args path, name, count @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[2]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        int[] received = {0};
        try (BroadcastRing ring = BroadcastRing.open(Path.of(args[0]));
             Subscriber subscriber = ring.subscribe(args[1], BroadcastRing.StartPosition.LATEST)) {
            System.out.println("attached");
            System.out.flush();
            while (received[0] < count) {
                subscriber.poll((type, buffer, offset, length) -> received[0]++, count - received[0], 100,
                        TimeUnit.MILLISECONDS);
                if (System.nanoTime() > deadline) {
                    System.out.println("TIMEOUT after " + received[0] + " of " + count);
                    System.exit(2);
                }
            }
            System.out.println("received " + received[0]);
            System.out.flush();
            Thread.sleep(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        }
    }
}
