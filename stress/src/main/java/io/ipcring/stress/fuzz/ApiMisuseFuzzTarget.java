package io.ipcring.stress.fuzz;

import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingProducer;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Public-API misuse on every ring kind: each case opens a ring of a random kind (SPSC, MPSC, MPSC
 * with the stuck-claim timeout, broadcast, work queue) and geometry through {@link Channels}, then
 * makes random bad calls: {@code offer} of an array or a heap, direct or read-only buffer with a
 * null source, offsets and lengths at and past the edges ({@code -1}, {@code Integer.MIN_VALUE},
 * {@code Integer.MAX_VALUE}, the source's length and limit, the maximum message length), reserved
 * types, in the plain and timed forms; and on SPSC and MPSC the zero-copy calls: a claim with bad
 * arguments, a commit of the wrong index, an offer while a claim is pending, a write over the
 * record header in front of the claim before the commit. A handler tries to write into the buffer
 * it is given.
 *
 * <p>Each bad call must throw one of the exceptions its Javadoc names for what is wrong with it
 * ({@link NullPointerException}, {@link IndexOutOfBoundsException},
 * {@link IllegalArgumentException}, {@link IllegalStateException} for claim misuse,
 * {@link ReadOnlyBufferException} in the handler); a call that is not bad must succeed. After each
 * call the ring must still deliver a good message, intact and in order, at once: a bad call
 * leaves nothing claimed or half-written behind.
 */
public final class ApiMisuseFuzzTarget implements FuzzTarget {
    private static final String[] KINDS = {"spsc", "mpsc", "mpsc-checked", "broadcast", "workqueue"};
    private static final int[] CAPACITIES = {4096, 8192, 65_536};
    private static final int STEPS = 40;
    private static final long DELIVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Override
    public String name() {
        return "api-misuse";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        String kind = KINDS[random.nextInt(KINDS.length)];
        int capacity = CAPACITIES[random.nextInt(CAPACITIES.length)];
        int max = 1 + random.nextInt(capacity / 16);
        Path path = Paths.get("/dev/shm", "ipcring-fuzz-" + name() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        String uri = "shm:" + path + "?kind=" + (kind.startsWith("mpsc") ? "mpsc" : kind) + "&capacity=" + capacity
                + "&maxMessage=" + max + (kind.equals("mpsc-checked") ? "&claimTimeoutMs=60000" : "");
        Case c = new Case(kind, max, random, deadlineNanos);
        try (Publisher publisher = Channels.publisher(uri);
             Subscriber subscriber = Channels.subscriber(kind.equals("broadcast") ? uri + "&subscriber=fuzz&start=oldest" : uri)) {
            for (int step = 0; step < STEPS; step++) {
                FuzzFailure.checkDeadline(name(), deadlineNanos, kind + " step " + step);
                if (publisher instanceof RingProducer && random.nextInt(3) == 0) {
                    c.zeroCopyMisuse((RingProducer) publisher);
                } else {
                    c.badOffer(publisher);
                }
                c.deliverGoodMessage(publisher, subscriber);
            }
        } finally {
            SharedRegion.delete(path);
        }
        return new CaseResult(c.frames, c.rejected, c.bytes);
    }

    @Override
    public void close() {
        // each case deletes its own ring file
    }

    /** One case's calls and what it expects to receive. */
    private final class Case implements MessageHandler {
        private final String kind;
        private final int max;
        private final SplittableRandom random;
        private final long deadlineNanos;
        private final ArrayDeque<byte[]> expected = new ArrayDeque<>();
        private final ArrayDeque<Integer> expectedTypes = new ArrayDeque<>();
        private int frames;
        private int rejected;
        private long bytes;
        private int sequence;

        Case(String kind, int max, SplittableRandom random, long deadlineNanos) {
            this.kind = kind;
            this.max = max;
            this.random = random;
            this.deadlineNanos = deadlineNanos;
        }

        /** An offer with random (mostly bad) arguments; an offer that is not bad must be accepted. */
        void badOffer(Publisher publisher) {
            int sourceKind = random.nextInt(6);
            int size = random.nextInt(max + 17);
            byte[] array = sourceKind == 0 ? null : payload(size);
            ByteBuffer buffer = sourceKind <= 1 ? null : buffer(sourceKind, array);
            int sourceLength = array == null ? 0 : buffer == null ? array.length : buffer.limit();
            int offset = edge(sourceLength);
            int length = edge(max);
            int type = random.nextInt(3) == 0 ? new int[] {0, -1, Integer.MIN_VALUE, -1 - random.nextInt(1000)}[random.nextInt(4)]
                    : 1 + random.nextInt(1000);
            boolean timed = sourceKind != 1 && random.nextBoolean();
            List<Class<? extends RuntimeException>> allowed = new ArrayList<>();
            if (array == null) {
                allowed.add(NullPointerException.class);
            }
            if (length < 0 || length > max || type <= 0) {
                allowed.add(IllegalArgumentException.class);
            }
            if (array != null && (offset < 0 || length < 0 || (long) offset + length > sourceLength)) {
                allowed.add(IndexOutOfBoundsException.class);
            }
            String call = "offer(" + (sourceKind == 0 ? "null" : sourceKind == 1 ? "byte[" + size + "]" : buffer)
                    + ", offset=" + offset + ", length=" + length + ", type=" + type + (timed ? ", 1 ms" : "") + ")";
            bytes += Math.max(0, size);
            boolean sent;
            try {
                if (timed) {
                    sent = publisher.offer(buffer, offset, length, type, 1, TimeUnit.MILLISECONDS);
                } else if (sourceKind == 1 || (sourceKind == 0 && random.nextBoolean())) {
                    sent = publisher.offer(array, offset, length, type);
                } else {
                    sent = publisher.offer(buffer, offset, length, type);
                }
            } catch (RuntimeException e) {
                expectRejected(call, e, allowed);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FuzzFailure(name() + " " + kind + ": interrupted in " + call, e);
            }
            if (!allowed.isEmpty()) {
                throw new FuzzFailure(name() + " " + kind + ": " + call + " was accepted (returned " + sent + "); expected one of "
                        + allowed);
            }
            if (!sent) {
                throw new FuzzFailure(name() + " " + kind + ": " + call + " was refused on a drained ring");
            }
            expect(Arrays.copyOfRange(array, offset, offset + length), type);
        }

        /** Claim misuse on SPSC and MPSC: each must throw, and give the claim up or leave it usable. */
        void zeroCopyMisuse(RingProducer producer) {
            int length = random.nextInt(max + 1);
            int type = 1 + random.nextInt(1000);
            switch (random.nextInt(5)) {
                case 0: {
                    boolean badLength = random.nextBoolean();
                    int claimLength = badLength ? new int[] {-1, max + 1, Integer.MAX_VALUE, Integer.MIN_VALUE}[random.nextInt(4)] : length;
                    int claimType = badLength ? type : new int[] {0, -1, Integer.MIN_VALUE}[random.nextInt(3)];
                    try {
                        int index = producer.tryClaim(claimLength, claimType);
                        throw new FuzzFailure(name() + " " + kind + ": tryClaim(" + claimLength + ", " + claimType
                                + ") was accepted at index=" + index);
                    } catch (IllegalArgumentException e) {
                        rejected++;
                    }
                    return;
                }
                case 1: {
                    int index = claim(producer, length, type);
                    byte[] payload = writePayload(producer, index, length);
                    int wrong = index + new int[] {8, -8, 1, -1, Integer.MAX_VALUE}[random.nextInt(5)];
                    expectIllegalState("commit(" + wrong + ") of the claim at " + index, () -> producer.commit(wrong));
                    producer.commit(index);
                    expect(payload, type);
                    return;
                }
                case 2: {
                    int index = claim(producer, length, type);
                    writePayload(producer, index, length);
                    expectIllegalState("offer while a claim is pending", () -> producer.offer(new byte[1], 0, 1, 1));
                    producer.abort(index);
                    return;
                }
                case 3: {
                    int index = claim(producer, length, type);
                    writePayload(producer, index, length);
                    int clobber = random.nextBoolean() ? 1 + random.nextInt(Integer.MAX_VALUE) : -1 - random.nextInt(1000);
                    producer.buffer().putInt(index - 4, clobber);   // the type half of the header before the claim
                    expectIllegalState("commit after a write over the header", () -> producer.commit(index));
                    return;
                }
                default: {
                    int index = claim(producer, length, type);
                    writePayload(producer, index, length);
                    producer.abort(index);
                    expectIllegalState("commit after abort", () -> producer.commit(index));
                }
            }
        }

        /** Sends one good message and receives everything expected, in order, within a second. */
        void deliverGoodMessage(Publisher publisher, Subscriber subscriber) {
            int type = 1 + random.nextInt(1000);
            byte[] payload = payload(random.nextInt(max + 1));
            if (!publisher.offer(payload, 0, payload.length, type)) {
                throw new FuzzFailure(name() + " " + kind + ": a good offer was refused on a drained ring");
            }
            expect(payload, type);
            long giveUp = Math.min(deadlineNanos, System.nanoTime() + DELIVERY_NANOS);
            while (!expected.isEmpty()) {
                if (System.nanoTime() - giveUp > 0) {
                    throw new FuzzFailure(name() + " " + kind + ": " + expected.size() + " good message(s) not delivered"
                            + " within a second after the bad calls");
                }
                subscriber.poll(this, 16);
            }
        }

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            byte[] want = expected.poll();
            Integer wantType = expectedTypes.poll();
            byte[] got = new byte[length];
            buffer.get(offset, got);
            if (want == null || type != wantType || !Arrays.equals(want, got)) {
                throw new FuzzFailure(name() + " " + kind + ": received type=" + type + " length=" + length + ", expected "
                        + (want == null ? "nothing" : "type=" + wantType + " length=" + want.length));
            }
            if (length > 0) {
                try {
                    buffer.put(offset, got[0]);
                    throw new FuzzFailure(name() + " " + kind + ": the handler's buffer is writable");
                } catch (ReadOnlyBufferException e) {
                    rejected++;
                }
            }
            frames++;
        }

        private int claim(RingProducer producer, int length, int type) {
            int index = producer.tryClaim(length, type);
            if (index == RingProducer.NO_CLAIM) {
                throw new FuzzFailure(name() + " " + kind + ": tryClaim(" + length + ") refused on a drained ring");
            }
            return index;
        }

        private byte[] writePayload(RingProducer producer, int index, int length) {
            byte[] payload = payload(length);
            producer.buffer().put(index, payload);
            bytes += length;
            return payload;
        }

        private void expectIllegalState(String call, Runnable action) {
            try {
                action.run();
            } catch (IllegalStateException e) {
                rejected++;
                return;
            }
            throw new FuzzFailure(name() + " " + kind + ": " + call + " was accepted");
        }

        private void expectRejected(String call, RuntimeException e, List<Class<? extends RuntimeException>> allowed) {
            for (Class<? extends RuntimeException> c : allowed) {
                if (c.isInstance(e)) {
                    rejected++;
                    return;
                }
            }
            throw new FuzzFailure(name() + " " + kind + ": " + call + " threw " + e + "; expected "
                    + (allowed.isEmpty() ? "success" : "one of " + allowed), e);
        }

        private void expect(byte[] payload, int type) {
            expected.add(payload);
            expectedTypes.add(type);
        }

        /** @return a value at or near an edge of {@code [0, limit]}, or an extreme one */
        private int edge(int limit) {
            switch (random.nextInt(8)) {
                case 0:
                    return -1;
                case 1:
                    return Integer.MIN_VALUE;
                case 2:
                    return Integer.MAX_VALUE;
                case 3:
                    return limit;
                case 4:
                    return limit + 1;
                case 5:
                    return 0;
                default:
                    return random.nextInt(limit + 1);
            }
        }

        private ByteBuffer buffer(int sourceKind, byte[] array) {
            ByteBuffer buffer;
            if (sourceKind == 2) {
                buffer = ByteBuffer.wrap(array);
            } else if (sourceKind == 3) {
                buffer = ByteBuffer.allocateDirect(array.length).put(0, array);
            } else if (sourceKind == 4) {
                buffer = ByteBuffer.wrap(array).asReadOnlyBuffer();
            } else {
                buffer = ByteBuffer.allocateDirect(array.length).put(0, array).asReadOnlyBuffer();
            }
            return buffer.limit(random.nextInt(array.length + 1));
        }

        private byte[] payload(int length) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) (sequence * 31 + i);
            }
            sequence++;
            return payload;
        }
    }
}
