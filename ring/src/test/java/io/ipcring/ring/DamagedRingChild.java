package io.ipcring.ring;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link DamagedRingTest}: attaches a publisher and a subscriber of one ring
 * kind, offers a message, truncates the ring file as another process could (to 0 bytes or to
 * half its size), then runs every operation of the public API again and again until it throws
 * (at most {@value #CALLS} times: past the half some succeed until they reach the missing pages)
 * and prints one line per operation: {@code <operation> <outcome>}, the outcome being {@code ok}
 * when it never threw, else {@code after=<calls>} and the exception's class and message, after
 * {@code late=<count>} when the JVM's own report of a fault surfaced from calls before (the Java
 * limit in the README; those calls are counted and repeated). Closes
 * everything ({@code close <class> ok} or the exception). Ends with {@code DONE}; a JVM killed
 * by SIGBUS prints less.
 *
 * <p>Arguments: the kind ({@code spsc}, {@code mpsc}, {@code broadcast}, {@code workqueue},
 * {@code queue}, or {@code spsc-batch}, {@code mpsc-batch} for the batch calls), {@code zero} or {@code half}, and the ring's file, which must not exist; it is
 * deleted before the child exits.
 */
public final class DamagedRingChild {
    private static final byte[] MESSAGE = new byte[100];
    private static final int CAPACITY = 64 * 1024;
    /** Calls of each operation at most: past the bound {@link DamagedRingTest} sets. */
    public static final int CALLS = 4 * FileWatch.CHECK_INTERVAL;

    private DamagedRingChild() {
    }

    /**
     * @param args kind, truncation, file
     * @throws IOException when the file cannot be truncated
     */
    public static void main(String[] args) throws IOException {
        String kind = args[0];
        Path path = Path.of(args[2]);
        List<AutoCloseable> rings = new ArrayList<>();
        try {
            run(kind, args[1].equals("zero"), path, rings);
        } finally {
            for (AutoCloseable ring : rings) {
                report("close " + ring.getClass().getSimpleName(), () -> {
                    ring.close();
                    return null;
                });
            }
            java.nio.file.Files.deleteIfExists(path);
        }
        System.out.println("DONE");
    }

    private static void run(String kind, boolean toZero, Path path, List<AutoCloseable> rings) throws IOException {
        if (kind.equals("queue")) {
            RingQueue<String> queue = RingQueue.open(path, 64, 100, StringCodec.INSTANCE);
            rings.add(queue);
            queue.offer("first");
            truncate(path, toZero);
            report("offer", () -> queue.offer("second"));
            report("poll", queue::poll);
            report("put", () -> {
                queue.put("third");
                return null;
            });
            report("pollTimed", () -> queue.poll(10, TimeUnit.MILLISECONDS));
            report("size", queue::size);
            report("peek", queue::peek);
            report("remainingCapacity", queue::remainingCapacity);
            report("remove", () -> queue.remove("first"));
            report("contains", () -> queue.contains("first"));
            return;
        }
        if (kind.endsWith("-batch")) {
            runBatch(kind, toZero, path, rings);
            return;
        }
        Publisher publisher;
        Subscriber subscriber;
        Operation stats;
        switch (kind) {
            case "spsc": {
                SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY));
                publisher = ring.producer();
                subscriber = ring.consumer();
                stats = ring::stats;
                break;
            }
            case "mpsc": {
                MpscRing ring = MpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY));
                publisher = ring.producer();
                subscriber = ring.consumer();
                stats = ring::stats;
                break;
            }
            case "broadcast": {
                BroadcastRing ring = BroadcastRing.create(path, BroadcastRingOptions.defaults().capacity(CAPACITY));
                rings.add(ring);
                publisher = ring.publisher();
                subscriber = ring.subscribe("s", BroadcastRing.StartPosition.OLDEST);
                stats = ring::stats;
                break;
            }
            default: {
                WorkQueueRing ring = WorkQueueRing.create(path, WorkQueueRingOptions.defaults().capacity(CAPACITY));
                rings.add(ring);
                publisher = ring.publisher();
                subscriber = ring.consumer();
                stats = ring::stats;
                break;
            }
        }
        rings.add(0, subscriber);
        rings.add(0, publisher);
        publisher.offer(MESSAGE, 0, MESSAGE.length, 1);
        truncate(path, toZero);
        report("offer", () -> publisher.offer(MESSAGE, 0, MESSAGE.length, 1));
        report("poll", () -> subscriber.poll((type, buffer, offset, length) -> { }, 10));
        report("pollTimed", () -> subscriber.poll((type, buffer, offset, length) -> { }, 10, 10, TimeUnit.MILLISECONDS));
        if (publisher instanceof RingProducer) {
            RingProducer producer = (RingProducer) publisher;
            report("tryClaimCommit", () -> {
                int index = producer.tryClaim(8, 1);
                if (index >= 0) {
                    producer.commit(index);
                }
                return index;
            });
        }
        report("stats", stats);
    }

    /**
     * The batch calls of an SPSC or MPSC producer ({@code spsc-batch}, {@code mpsc-batch}): a
     * batch claimed before the truncation, whose commit comes after it (then new batches), and
     * the copying batch offer.
     */
    private static void runBatch(String kind, boolean toZero, Path path, List<AutoCloseable> rings) throws IOException {
        RingProducer producer;
        Subscriber consumer;
        Operation stats;
        if (kind.equals("spsc-batch")) {
            SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY));
            producer = ring.producer();
            consumer = ring.consumer();
            stats = ring::stats;
        } else {
            MpscRing ring = MpscRing.create(path, UnicastRingOptions.defaults().capacity(CAPACITY));
            producer = ring.producer();
            consumer = ring.consumer();
            stats = ring::stats;
        }
        rings.add(0, consumer);
        rings.add(0, producer);
        int[] pending = {producer.tryClaimBatch(4, 100, 1)};
        truncate(path, toZero);
        report("commitBatch", () -> {
            int index = pending[0] >= 0 ? pending[0] : producer.tryClaimBatch(4, 100, 1);
            pending[0] = -1;
            if (index >= 0) {
                producer.commitBatch(index);
            }
            return index;
        });
        report("offerBatch", () -> producer.offerBatch(ByteBuffer.wrap(MESSAGE), 0, 4, 25, 1));
        report("poll", () -> consumer.poll((type, buffer, offset, length) -> { }, 10));
        report("stats", stats);
    }

    /** Truncates the file, then lets a look period pass: from then on every endpoint's tick may look. */
    private static void truncate(Path path, boolean toZero) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(toZero ? 0 : channel.size() / 2);
        }
        try {
            TimeUnit.NANOSECONDS.sleep(FileWatch.LOOK_PERIOD_NANOS + 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An operation that may throw anything. */
    private interface Operation {
        Object run() throws Exception;
    }

    private static void report(String name, Operation operation) {
        String outcome = "ok";
        int calls = name.startsWith("close") ? 1 : CALLS;
        int late = 0;
        for (int call = 1; call <= calls; call++) {
            try {
                operation.run();
            } catch (InternalError e) {
                if (!String.valueOf(e.getMessage()).contains("unsafe memory access")) {
                    outcome = "after=" + call + " " + e;
                    break;
                }
                late++; // the JVM's own report of a fault, surfacing after the call (README's limits)
            } catch (Throwable t) {
                outcome = (calls == 1 ? "" : "after=" + call + " ") + t.getClass().getName() + ": " + t.getMessage();
                break;
            }
        }
        System.out.println(name + " " + (late > 0 ? "late=" + late + " " : "") + outcome);
    }
}
