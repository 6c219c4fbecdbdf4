package io.ipcring.bench;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code spin-baseline}: two counters in one {@code /dev/shm} mapping (through
 * {@link MappedMemory}), the floor any shared-memory transport can reach. Ping-pong: a
 * {@link SpinMailbox} with the case's payload size whose counters sit right after the payloads,
 * so a message and its signal cross between the cores in one cache line, as they do in a ring
 * that publishes records by their headers. Throughput: a ring of fixed-size slots that
 * publishes its producer position after every message, the least a ring can do.
 */
final class SpinBaselineTransport implements Transport {
    static final String NAME = "spin-baseline";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mode() {
        return "busy-spin";
    }

    @Override
    public Speed speed() {
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean parentOpensFirst() {
        return true;
    }

    @Override
    public Endpoint open(CaseContext context) {
        int size = context.spec().size();
        Path path = context.file("spin-baseline");
        SharedRegion region = context.side() == Side.PARENT
                ? SharedRegion.create(path, BenchRegions.SPIN_BASELINE, SpinBaselineLayout.length(size),
                        RegionAccess.OWNER, memory -> memory.putInt(SpinBaselineLayout.SIZE_OFFSET, size))
                : SharedRegion.open(path, BenchRegions.SPIN_BASELINE);
        return new SpinEndpoint(region, size, context.side());
    }

    /** Both sides' loops over the region. */
    private static final class SpinEndpoint extends Endpoint {
        private final SharedRegion region;
        private final MappedMemory memory;
        private final SpinMailbox mailbox;
        private final int size;
        private final int ring;
        private final int stride;
        private final int mask;
        private final ByteBuffer payload;
        /** Messages this side has put into the ring so far, over all streams (producer side). */
        private long produced;
        /** Messages this side has taken from the ring so far (consumer side). */
        private long consumed;

        SpinEndpoint(SharedRegion region, int size, Side side) {
            this.region = region;
            this.memory = region.memory();
            this.size = size;
            int ping = SpinBaselineLayout.PING_SLOT_OFFSET;
            int pong = SpinBaselineLayout.pongSlotOffset(size);
            int pingCounter = SpinBaselineLayout.pingCounterOffset(size);
            int pongCounter = SpinBaselineLayout.pongCounterOffset(size);
            this.mailbox = side == Side.PARENT
                    ? new SpinMailbox(memory, pingCounter, pongCounter, ping, pong, size)
                    : new SpinMailbox(memory, pongCounter, pingCounter, pong, ping, size);
            this.ring = SpinBaselineLayout.ringOffset(size);
            this.stride = SpinBaselineLayout.stride(size);
            this.mask = SpinBaselineLayout.slots(size) - 1;
            this.payload = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public void pingPong(long firstSequence, int count, Histogram histogram) {
            mailbox.pingPong(firstSequence, count, histogram);
        }

        @Override
        public void echo(int count) {
            mailbox.echo(0, count);
        }

        @Override
        public void send(long firstSequence, long count) {
            long slots = mask + 1L;
            long position = produced;
            long consumer = position - slots;
            for (long seq = firstSequence, end = firstSequence + count; seq < end; seq++, position++) {
                while (position - consumer >= slots) {
                    // Acquire: pairs with the consumer's release store; it has finished reading
                    // the slot this message is about to overwrite.
                    consumer = memory.getLongAcquire(SpinBaselineLayout.CONSUMER_OFFSET);
                    if (position - consumer >= slots) {
                        Thread.onSpinWait();
                    }
                }
                payload.putLong(0, seq);
                memory.putBytes(ring + (int) (position & mask) * stride, payload, 0, size);
                // Release: pairs with the consumer's acquire load; the slot is written first.
                memory.putLongRelease(SpinBaselineLayout.PRODUCER_OFFSET, position + 1);
            }
            produced = position;
        }

        @Override
        public long receive(long count) {
            long position = consumed;
            long producer = position;
            long start = 0;
            for (long seq = 0; seq < count; seq++, position++) {
                while (producer <= position) {
                    // Acquire: pairs with the producer's release store; the slot is complete.
                    producer = memory.getLongAcquire(SpinBaselineLayout.PRODUCER_OFFSET);
                    if (producer <= position) {
                        Thread.onSpinWait();
                    }
                }
                if (seq == 0) {
                    start = System.nanoTime();
                }
                long got = memory.getLong(ring + (int) (position & mask) * stride);
                if (got != seq) {
                    throw outOfSequence(NAME, seq, got);
                }
                // Release: pairs with the producer's acquire load; the slot may be reused.
                memory.putLongRelease(SpinBaselineLayout.CONSUMER_OFFSET, position + 1);
            }
            consumed = position;
            return System.nanoTime() - start;
        }

        @Override
        public void close() {
            region.close();
        }
    }
}
