package io.ipcring.ring;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.ByteArrayCodec;
import io.ipcring.ring.fanout.RingQueue;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of {@link CloseRacingUseTest}: closes a channel endpoint from the main thread,
 * at a random moment, while a worker thread uses it, many times over, and checks that every
 * worker ends with {@link ChannelClosedException} (or {@link IllegalStateException}) and nothing
 * else. On Java 17 a close that unmapped under the worker crashed this JVM; the test sees that as
 * a bad exit.
 *
 * <pre>
 * CloseRacingUseMain URI ITERATIONS        URI: the publisher's channel URI; a broadcast
 *                                          subscriber adds subscriber=NAME itself
 * CloseRacingUseMain queue PATH ITERATIONS a RingQueue in PATH, taken from and put to by two
 *                                          workers while it closes (IllegalStateException)
 * </pre>
 * Prints {@code OK mode=... iterations=N} per mode and exits 0; prints the failure and exits 1.
 */
public final class CloseRacingUseMain {
    /** How long a worker may take to end after the close before the run counts as hung. */
    private static final long END_WITHIN_MILLIS = 5_000;

    private CloseRacingUseMain() {
    }

    public static void main(String[] args) throws Exception {
        SplittableRandom random = new SplittableRandom(Long.getLong("seed", System.nanoTime()));
        if (args[0].equals("queue")) {
            raceQueue(Paths.get(args[1]), Integer.parseInt(args[2]), random);
            return;
        }
        String uri = args[0];
        int iterations = Integer.parseInt(args[1]);
        try {
            for (Mode mode : Mode.values()) {
                for (int i = 0; i < iterations; i++) {
                    mode.run(uri, random.nextInt(300));
                }
                System.out.println("OK mode=" + mode + " iterations=" + iterations);
            }
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** RingQueue.close() waits for the calls in progress: a taker and a putter end with IllegalStateException. */
    private static void raceQueue(Path path, int iterations, SplittableRandom random) {
        try {
            for (int i = 0; i < iterations; i++) {
                RingQueue<byte[]> queue = RingQueue.open(path, 64, 32, ByteArrayCodec.INSTANCE);
                byte[] element = new byte[16];
                int delayMicros = random.nextInt(300);
                Thread putter = new Thread(() -> {
                    while (true) {
                        queue.offer(element);
                    }
                });
                AtomicReference<Throwable> putterEnded = new AtomicReference<>();
                putter.setUncaughtExceptionHandler((t, e) -> putterEnded.set(e));
                putter.start();
                race(queue, () -> {
                    while (true) {
                        queue.poll(10, TimeUnit.SECONDS);
                    }
                }, () -> pause(delayMicros));
                putter.join(END_WITHIN_MILLIS);
                if (putter.isAlive() || !(putterEnded.get() instanceof IllegalStateException)) {
                    throw new AssertionError("the putter ended with " + putterEnded.get() + " (alive=" + putter.isAlive() + ")");
                }
            }
            System.out.println("OK mode=QUEUE iterations=" + iterations);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    private static String subscriberUri(String uri) {
        return uri.contains("kind=broadcast") ? uri + "&subscriber=s" : uri;
    }

    /** What the worker does while the main thread closes the endpoint it uses. */
    enum Mode {
        /** A tight loop of polls, messages arriving meanwhile. */
        POLL_LOOP {
            @Override
            void run(String uri, int delayMicros) throws Exception {
                try (Publisher publisher = Channels.publisher(uri)) {
                    Subscriber subscriber = Channels.subscriber(subscriberUri(uri));
                    byte[] message = new byte[24];
                    race(subscriber, () -> {
                        while (true) {
                            subscriber.poll((type, buffer, offset, length) -> buffer.get(offset), 16);
                        }
                    }, () -> {
                        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(delayMicros);
                        while (System.nanoTime() - end < 0) {
                            publisher.offer(message, 0, message.length, 1);
                        }
                    });
                }
            }
        },
        /**
         * No race: a handler closes its own subscriber in the middle of a batch, then reads its
         * message; the poll goes on over the batch's other messages, and the next poll throws.
         */
        CLOSE_FROM_HANDLER {
            @Override
            void run(String uri, int delayMicros) throws Exception {
                try (Publisher publisher = Channels.publisher(uri)) {
                    Subscriber subscriber = Channels.subscriber(subscriberUri(uri));
                    byte[] message = new byte[24];
                    for (int i = 0; i < 16; i++) {
                        publisher.offer(message, 0, message.length, 1);
                    }
                    int closeAt = 1 + delayMicros % 8;
                    int[] seen = {0};
                    MessageHandler closing = (type, buffer, offset, length) -> {
                        if (++seen[0] == closeAt) {
                            subscriber.close();
                        }
                        for (int i = 0; i < length; i++) {
                            buffer.get(offset + i); // valid during onMessage, closed or not
                        }
                    };
                    int polled = delayMicros % 2 == 0 ? subscriber.poll(closing, 16)
                            : subscriber.poll(closing, 16, 1, TimeUnit.SECONDS);
                    if (polled < closeAt) {
                        throw new AssertionError("the poll delivered " + polled + " messages, the handler closed at " + closeAt);
                    }
                    try {
                        subscriber.poll(closing, 16);
                        throw new AssertionError("a poll after a handler closed the subscriber did not throw");
                    } catch (ChannelClosedException expected) {
                        // the close took effect at the end of the poll that ran the handler
                    }
                }
            }
        },
        /** A poll blocked in its wait (futex with wait=block) when the close comes. */
        BLOCKED_POLL {
            @Override
            void run(String uri, int delayMicros) throws Exception {
                try (Publisher publisher = Channels.publisher(uri)) {
                    Subscriber subscriber = Channels.subscriber(subscriberUri(uri));
                    race(subscriber, () -> {
                        while (true) {
                            subscriber.poll((type, buffer, offset, length) -> { }, 16, 10, TimeUnit.SECONDS);
                        }
                    }, () -> pause(delayMicros * 10));
                }
            }
        },
        /** A tight loop of offers, the ring filling up (false) at times. */
        OFFER_LOOP {
            @Override
            void run(String uri, int delayMicros) throws Exception {
                Subscriber subscriber = Channels.subscriber(subscriberUri(uri));
                try {
                    Publisher publisher = Channels.publisher(uri);
                    byte[] message = new byte[40];
                    race(publisher, () -> {
                        while (true) {
                            publisher.offer(message, 0, message.length, 1);
                        }
                    }, () -> {
                        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(delayMicros);
                        while (System.nanoTime() - end < 0) {
                            subscriber.poll((type, buffer, offset, length) -> { }, 64);
                        }
                    });
                } finally {
                    subscriber.close();
                }
            }
        },
        /** An offer blocked in its wait for room (nobody polls) when the close comes. */
        BLOCKED_OFFER {
            @Override
            void run(String uri, int delayMicros) throws Exception {
                Subscriber subscriber = Channels.subscriber(subscriberUri(uri));
                try {
                    Publisher publisher = Channels.publisher(uri);
                    byte[] message = new byte[1000];
                    race(publisher, () -> {
                        while (true) {
                            publisher.offer(ByteBuffer.wrap(message), 0, message.length, 1, 10, TimeUnit.SECONDS);
                        }
                    }, () -> pause(delayMicros * 10));
                } finally {
                    subscriber.close();
                }
            }
        };

        abstract void run(String uri, int delayMicros) throws Exception;
    }

    /** A worker's loop: it only ends by throwing. */
    @FunctionalInterface
    interface Loop {
        void run() throws Exception;
    }

    /**
     * Starts {@code loop} on a worker, runs {@code meanwhile}, closes {@code endpoint} from this
     * thread and checks how the worker ended.
     */
    private static void race(AutoCloseable endpoint, Loop loop, Runnable meanwhile) throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "close-racing-worker");
        worker.start();
        meanwhile.run();
        endpoint.close();
        long closed = System.nanoTime();
        worker.join(END_WITHIN_MILLIS);
        if (worker.isAlive()) {
            throw new AssertionError("the worker still runs " + END_WITHIN_MILLIS + " ms after the close of " + endpoint);
        }
        Throwable t = ended.get();
        if (!(t instanceof ChannelClosedException) && !(t instanceof IllegalStateException)) {
            throw new AssertionError("the worker ended with " + t + " instead of ChannelClosedException, "
                    + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - closed) + " us after the close", t);
        }
        // closing again, from this thread, after the worker ended, is a no-op
        endpoint.close();
    }

    private static void pause(int micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
