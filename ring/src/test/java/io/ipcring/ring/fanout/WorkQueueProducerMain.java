package io.ipcring.ring.fanout;

import io.ipcring.channel.Publisher;
import io.ipcring.ring.SequencedMessages;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM for {@link WorkQueueMultiProcessTest}: publishes the ids
 * {@code [first, first + count)} as sequenced, checksummed messages. Arguments: ring path, first
 * id, count, max payload length.
 */
public final class WorkQueueProducerMain {
    private WorkQueueProducerMain() {
    }

    /** @param args path, first id, count, max length @throws Exception on failure */
    public static void main(String[] args) throws Exception {
        long first = Long.parseLong(args[1]);
        long count = Long.parseLong(args[2]);
        int maxLength = Integer.parseInt(args[3]);
        SequencedMessages messages = new SequencedMessages(first + 7);
        ByteBuffer buffer = ByteBuffer.allocate(maxLength);
        try (WorkQueueRing ring = WorkQueueRing.open(Path.of(args[0]));
             Publisher publisher = ring.publisher()) {
            for (long id = first; id < first + count; id++) {
                int length = messages.nextLength(maxLength);
                messages.write(buffer, 0, length, id);
                if (!publisher.offer(buffer, 0, length, 1, 120, TimeUnit.SECONDS)) {
                    System.out.println("TIMEOUT publishing " + id);
                    System.exit(2);
                }
            }
        }
        System.out.println("OK " + count);
    }
}
