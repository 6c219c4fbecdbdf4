package io.ipcring.ring.fanout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for {@link RingQueueCrossProcessContractTest}: reads commands from stdin, one per
 * line, runs them in order and prints {@code "<id> done <result>"} (or {@code "<id> error <e>"}):
 * {@code <id> open <path> <capacity>}, {@code <id> put <delayMillis> <element>},
 * {@code <id> take <delayMillis>}.
 */
public final class QueuePeerMain {
    private QueuePeerMain() {
    }

    /** @param args none @throws Exception on an I/O failure */
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RingQueue<String> queue = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] parts = line.split(" ", 4);
            String id = parts[0];
            try {
                switch (parts[1]) {
                    case "open":
                        if (queue != null) {
                            queue.close();
                        }
                        queue = RingQueue.open(Path.of(parts[2]), Integer.parseInt(parts[3]), 64, StringCodec.INSTANCE);
                        reply(id, "");
                        break;
                    case "put":
                        Thread.sleep(Long.parseLong(parts[2]));
                        queue.put(parts[3]);
                        reply(id, "");
                        break;
                    case "take":
                        Thread.sleep(Long.parseLong(parts[2]));
                        reply(id, queue.take());
                        break;
                    default:
                        throw new IllegalArgumentException("unknown command: " + line);
                }
            } catch (Exception e) {
                System.out.println(id + " error " + e);
                System.out.flush();
            }
        }
        if (queue != null) {
            queue.close();
        }
    }

    private static void reply(String id, String result) {
        System.out.println(id + " done " + result);
        System.out.flush();
    }
}
