package io.ipcring.stress.fuzz;

import io.ipcring.channel.MessageHandler;
import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.RingConsumer;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingProducer;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ring-file corruption: each case creates a real SPSC or MPSC ring file of random geometry,
 * runs checked traffic through the public API (every message must arrive, in order, intact),
 * then writes hostile values into the file through a second mapping, as a buggy or malicious
 * process could: random bytes anywhere, positions set to edge values (negative, unaligned, a lap
 * ahead, behind), record headers with impossible lengths and types, geometry fields, owner words
 * naming live or dead processes, futex words and waiter flags, or (between close and re-open) a
 * file cut short or grown. The same producer and consumer then go on, and the file is re-opened
 * and used again, for a bounded number of steps with timed waits. Every delivery must be
 * well-formed (type positive, length within the maximum, payload inside the mapping), and the
 * only exceptions allowed are the documented ones: {@link RingCorruptedException},
 * {@link SharedMemoryException} (on open), {@link ClaimRepairedException}, and
 * {@link RingSlotsTakenException} refusing an attach (an owner word naming a live process, or a
 * producer slot naming a dead one whose last claim the consumer has not passed).
 *
 * <p>It complements the ring module's own fuzz test (random bytes in a live ring, driven from
 * inside its package): this one is standalone, through the public API only, with targeted
 * corruptions, file-length changes and blocking waits, and runs under the fuzz runner's
 * watchdog.
 */
public final class RingFileFuzzTarget implements FuzzTarget {
    private static final int[] CAPACITIES = {256, 512, 1024, 4096, 16_384};
    private static final long[] EDGE_LONGS = {-1, -8, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, 3, 0x7FFF_FFF8L};
    private static final int[] EDGE_INTS = {0, -1, -8, 1, 7, 9, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20};
    private static final int STEPS = 60;

    private final boolean mpsc;
    private final String name;

    /** @param mpsc true for MPSC ring files, false for SPSC */
    public RingFileFuzzTarget(boolean mpsc) {
        this.mpsc = mpsc;
        this.name = mpsc ? "mpsc-ring-file" : "spsc-ring-file";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        Path path = Paths.get("/dev/shm", "ipcring-fuzz-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        int capacity = CAPACITIES[random.nextInt(CAPACITIES.length)];
        int max = random.nextInt(capacity / RingDescriptor.MAX_MESSAGE_FRACTION + 1);
        WaitStrategy strategy = random.nextBoolean() ? WaitStrategy.BUSY_SPIN : WaitStrategy.BLOCKING;
        UnicastRingOptions options = UnicastRingOptions.defaults().capacity(capacity).maxMessageLength(max).producerSlots(1 + random.nextInt(4))
                .waitStrategy(strategy);
        Tally tally = new Tally();
        try {
            try (AutoCloseable ring = mpsc ? MpscRing.create(path, options) : SpscRing.create(path, options)) {
                RingProducer producer = producer(ring);
                RingConsumer consumer = consumer(ring);
                cleanTraffic(random, producer, consumer, max, deadlineNanos);
                int corruptions = 1 + random.nextInt(3);
                for (int i = 0; i < corruptions; i++) {
                    tally.bytes += corruptLive(random, path, capacity);
                }
                hostileTraffic(random, producer, consumer, max, tally, deadlineNanos);
            } catch (RuntimeException e) {
                tally.allow(e);
            } catch (Exception e) {
                throw new FuzzFailure(name + ": closing the ring threw " + e, e);
            }
            if (random.nextInt(6) == 0) {
                tally.bytes += resize(random, path);
            }
            reopen(random, path, strategy, tally, deadlineNanos);
        } finally {
            SharedRegion.delete(path);
        }
        return new CaseResult(tally.frames, tally.detected, tally.bytes);
    }

    @Override
    public void close() {
    }

    /** Before any corruption: every message arrives once, in order, intact. */
    private void cleanTraffic(SplittableRandom random, RingProducer producer, RingConsumer consumer, int max, long deadlineNanos) {
        ArrayDeque<Integer> expected = new ArrayDeque<>();
        int[] seq = {0};
        MessageHandler check = (type, buffer, offset, length) -> {
            Integer want = expected.poll();
            if (want == null || type != 1 + want % 1000 || length != want % (max + 1) || !payloadIs(buffer, offset, length, want)) {
                throw new FuzzFailure(name + ": before any corruption, message " + want + " arrived as type=" + type
                        + " length=" + length);
            }
        };
        for (int step = 0; step < STEPS; step++) {
            FuzzFailure.checkDeadline(name, deadlineNanos, "clean traffic");
            if (random.nextBoolean()) {
                int id = seq[0];
                int length = id % (max + 1);
                int index = producer.tryClaim(length, 1 + id % 1000);
                if (index != RingProducer.NO_CLAIM) {
                    for (int i = 0; i < length; i++) {
                        producer.buffer().put(index + i, (byte) (id + i));
                    }
                    if (random.nextInt(10) == 0) {
                        producer.abort(index);
                    } else {
                        producer.commit(index);
                        expected.add(id);
                        seq[0]++;
                    }
                }
            } else {
                consumer.poll(check, 1 + random.nextInt(8));
            }
        }
    }

    /** After corruption: bounded traffic, well-formed deliveries, documented exceptions only. */
    private void hostileTraffic(SplittableRandom random, RingProducer producer, RingConsumer consumer, int max, Tally tally,
                                long deadlineNanos) {
        byte[] payload = new byte[max];
        MessageHandler wellFormed = (type, buffer, offset, length) -> {
            if (type <= 0 || length < 0 || length > max || offset < 0 || offset + length > buffer.capacity()) {
                throw new FuzzFailure(name + ": delivered an ill-formed message type=" + type + " offset=" + offset
                        + " length=" + length + " (max=" + max + ", mapping=" + buffer.capacity() + ")");
            }
            if (length > 0) {
                buffer.get(offset + length - 1);
            }
            tally.frames++;
        };
        for (int step = 0; step < STEPS; step++) {
            FuzzFailure.checkDeadline(name, deadlineNanos, "traffic after corruption, step " + step);
            try {
                int action = random.nextInt(8);
                if (action < 3) {
                    producer.offer(payload, 0, random.nextInt(max + 1), 1 + random.nextInt(5));
                } else if (action == 3) {
                    producer.offer(ByteBuffer.wrap(payload), 0, random.nextInt(max + 1), 1 + random.nextInt(5), 1,
                            TimeUnit.MILLISECONDS);
                } else if (action < 7) {
                    consumer.poll(wellFormed, 1 + random.nextInt(8));
                } else {
                    consumer.poll(wellFormed, 1 + random.nextInt(8), 1, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FuzzFailure(name + ": interrupted", e);
            } catch (RuntimeException e) {
                tally.allow(e);
                return;
            }
        }
    }

    /** Re-opens the (possibly corrupted) file: it must be refused cleanly or work. */
    private void reopen(SplittableRandom random, Path path, WaitStrategy strategy, Tally tally, long deadlineNanos) {
        UnicastRingOptions options = UnicastRingOptions.defaults().waitStrategy(strategy);
        try (AutoCloseable ring = mpsc ? MpscRing.open(path, options) : SpscRing.open(path, options)) {
            RingConsumer consumer = consumer(ring);
            RingProducer producer = producer(ring);
            hostileTraffic(random, producer, consumer, producer.maxMessageLength(), tally, deadlineNanos);
        } catch (RuntimeException e) {
            tally.allow(e);
        } catch (Exception e) {
            throw new FuzzFailure(name + ": closing the re-opened ring threw " + e, e);
        }
    }

    private int corruptLive(SplittableRandom random, Path path, int capacity) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            map.order(ByteOrder.LITTLE_ENDIAN);
            int data = map.getInt(RingDescriptor.DATA_OFFSET_OFFSET);
            if (data <= 0 || data > map.capacity() - capacity) {
                data = map.capacity() - capacity;
            }
            switch (random.nextInt(7)) {
                case 0:
                    return randomBytes(random, map, random.nextInt(map.capacity()));
                case 1:
                    int[] positions = {RingDescriptor.TAIL_OFFSET, RingDescriptor.CLAIM_OFFSET, RingDescriptor.HEAD_OFFSET,
                        RingDescriptor.CONSUMED_OFFSET};
                    int at = positions[random.nextInt(positions.length)];
                    long current = map.getLong(at);
                    long[] hostile = {EDGE_LONGS[random.nextInt(EDGE_LONGS.length)], current + capacity + 8, current - 8,
                        current + 4, current + 8};
                    map.putLong(at, hostile[random.nextInt(hostile.length)]);
                    return Long.BYTES;
                case 2:
                    int record = data + 8 * random.nextInt(capacity / 8);
                    map.putInt(record, EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                    map.putInt(record + 4, random.nextBoolean() ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : -1);
                    return Long.BYTES;
                case 3:
                    int field = RegionHeader.LENGTH + 4 * random.nextInt(8);
                    map.putInt(field, EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                    return Integer.BYTES;
                case 4:
                    int owner = random.nextBoolean() ? RingDescriptor.CONSUMER_OWNER_OFFSET
                            : mpsc ? RingDescriptor.producerSlotOffset(random.nextInt(4)) : RingDescriptor.PRODUCER_OWNER_OFFSET;
                    long[] owners = {1, ProcessIdentity.current().pack(), random.nextLong(), 0};
                    map.putLong(owner, owners[random.nextInt(owners.length)]);
                    return Long.BYTES;
                case 5:
                    int[] words = {RingDescriptor.WAITER_FLAGS_OFFSET, RingDescriptor.CONSUMER_WAITING_OFFSET,
                        RingDescriptor.PRODUCER_WAITING_OFFSET};
                    map.putInt(words[random.nextInt(words.length)], EDGE_INTS[random.nextInt(EDGE_INTS.length)]);
                    return Integer.BYTES;
                default:
                    return randomBytes(random, map, data + random.nextInt(capacity));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + path + " to corrupt it", e);
        }
    }

    private static int randomBytes(SplittableRandom random, MappedByteBuffer map, int at) {
        int length = Math.min(1 + random.nextInt(16), map.capacity() - at);
        for (int i = 0; i < length; i++) {
            map.put(at + i, (byte) random.nextInt(256));
        }
        return length;
    }

    /** With no mapping left: cuts the file short or grows it. */
    private static int resize(SplittableRandom random, Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (random.nextBoolean()) {
                channel.truncate(random.nextLong(size));
            } else {
                channel.write(ByteBuffer.wrap(new byte[1 + random.nextInt(8192)]), size);
            }
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resize " + path, e);
        }
    }

    private RingProducer producer(AutoCloseable ring) {
        return mpsc ? ((MpscRing) ring).producer() : ((SpscRing) ring).producer();
    }

    private RingConsumer consumer(AutoCloseable ring) {
        return mpsc ? ((MpscRing) ring).consumer() : ((SpscRing) ring).consumer();
    }

    private static boolean payloadIs(ByteBuffer buffer, int offset, int length, int id) {
        for (int i = 0; i < length; i++) {
            if (buffer.get(offset + i) != (byte) (id + i)) {
                return false;
            }
        }
        return true;
    }

    /** What a case saw; rejects exceptions that are not documented. */
    private final class Tally {
        int frames;
        int detected;
        long bytes;

        void allow(RuntimeException e) {
            if (e instanceof FuzzFailure) {
                throw e;
            }
            // An attach refused for want of a slot is the one documented type, whatever its text:
            // a corrupted owner word may name a live process (this JVM), or a dead one whose last
            // claim lies ahead of the head, which no producer may take over before the consumer
            // has passed that claim.
            if (e instanceof RingCorruptedException || e instanceof SharedMemoryException || e instanceof ClaimRepairedException
                    || e instanceof RingSlotsTakenException) {
                detected++;
                return;
            }
            throw new FuzzFailure(name + ": an undocumented exception escaped: " + e, e);
        }
    }
}
