package io.ipcring.stress.fuzz;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Close racing use: each case opens a publisher and a subscriber on a new ring of a random kind
 * ({@code shm:} URIs: spsc with wait=block or wait=spin, mpsc, broadcast, workqueue), runs each on
 * a thread of its own in a loop of offers or polls (untimed, or timed so that it sleeps in a
 * futex wait), and closes them from the case's thread at random moments, in a random order. Each
 * loop must end with {@link ChannelClosedException} (or {@link IllegalStateException}) and
 * nothing else, within the deadline; every delivered message must be the 16 bytes of its sequence
 * number and its complement, in order with no gap; and the ring must still work afterwards (a new
 * publisher's message reaches a new subscriber). A close that unmapped the ring under a running
 * loop crashed the JVM on Java 17 (issue 14, defect 3).
 *
 * <p>How many messages the racing loops pass depends on timing, and a run's report must depend on
 * its seed only ({@link Fuzzer}): so {@code malformed} counts the loops a close ended (two a
 * case), {@code frames} and {@code bytes} the message of the after-close check (one a case).
 */
public final class CloseRacingUseFuzzTarget implements FuzzTarget {
    private static final String[] KINDS = {"wait=block", "wait=spin", "kind=mpsc", "kind=broadcast", "kind=workqueue"};
    private static final int MESSAGE_LENGTH = 16;
    private static final int TYPE = 1;
    /** The message of the after-close check, of its own type. */
    private static final byte[] CHECK_MESSAGE = {42};
    private static final int CHECK_TYPE = 2;

    @Override
    public String name() {
        return "close-racing-use";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        Path path = Paths.get("/dev/shm", "ipcring-fuzz-" + name() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        String kind = KINDS[random.nextInt(KINDS.length)];
        String uri = "shm:" + path + "?capacity=" + (4096 << random.nextInt(4)) + "&" + kind;
        String subscriberUri = kind.equals("kind=broadcast") ? uri + "&subscriber=s" : uri;
        String what = name() + " " + uri;
        try {
            Subscriber subscriber = Channels.subscriber(subscriberUri);
            Publisher publisher;
            try {
                publisher = Channels.publisher(uri);
            } catch (RuntimeException e) {
                subscriber.close();
                throw e;
            }
            Receiver receiver = new Receiver(what);
            AtomicLong sent = new AtomicLong();
            int limit = 1 + random.nextInt(64);
            Loop polls = new Loop("poller", random.nextBoolean()
                    ? () -> subscriber.poll(receiver, limit, 1, TimeUnit.SECONDS)
                    : () -> subscriber.poll(receiver, limit));
            boolean timedOffer = random.nextBoolean();
            ByteBuffer message = ByteBuffer.allocate(MESSAGE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            Loop offers = new Loop("offerer", () -> {
                long seq = sent.get();
                message.putLong(0, seq).putLong(8, ~seq);
                boolean offered = timedOffer ? publisher.offer(message, 0, MESSAGE_LENGTH, TYPE, 1, TimeUnit.SECONDS)
                        : publisher.offer(message, 0, MESSAGE_LENGTH, TYPE);
                if (offered) {
                    sent.set(seq + 1);
                }
            });
            polls.start();
            offers.start();
            AutoCloseable first = random.nextBoolean() ? subscriber : publisher;
            AutoCloseable second = first == subscriber ? publisher : subscriber;
            pauseMicros(random.nextInt(500));
            close(first, what);
            pauseMicros(random.nextInt(500));
            close(second, what);
            int ended = polls.awaitClosed(what, deadlineNanos) + offers.awaitClosed(what, deadlineNanos);
            receiver.checkAtMost(sent.get());
            return new CaseResult(checkStillWorks(uri, subscriberUri, what), ended, CHECK_MESSAGE.length);
        } finally {
            SharedRegion.delete(path);
        }
    }

    private static void close(AutoCloseable endpoint, String what) {
        try {
            endpoint.close();
        } catch (Exception e) {
            throw new FuzzFailure(what + ": close() threw", e);
        }
    }

    /**
     * A new publisher's message reaches a new subscriber: the closes left no role held, no claim open.
     *
     * @return 1, the message delivered
     */
    private static int checkStillWorks(String uri, String subscriberUri, String what) {
        try (Subscriber subscriber = Channels.subscriber(subscriberUri); Publisher publisher = Channels.publisher(uri)) {
            // the ring may be full of messages the racing subscriber did not take: make room first
            subscriber.poll((type, buffer, offset, length) -> { }, Integer.MAX_VALUE);
            if (!publisher.offer(CHECK_MESSAGE, 0, CHECK_MESSAGE.length, CHECK_TYPE)) {
                throw new FuzzFailure(what + ": the ring is full for a new publisher after the closes, with a new subscriber attached");
            }
            int[] got = {0};
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got[0] == 0 && System.nanoTime() - deadline < 0) {
                subscriber.poll((type, buffer, offset, length) -> {
                    if (type == CHECK_TYPE) {
                        got[0]++;
                    }
                }, Integer.MAX_VALUE, 100, TimeUnit.MILLISECONDS);
            }
            if (got[0] != 1) {
                throw new FuzzFailure(what + ": a new subscriber did not receive a new publisher's message after the closes");
            }
            return got[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FuzzFailure(what + ": interrupted");
        }
    }

    private static void pauseMicros(int micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        // every case deletes its own ring file
    }

    /** One endpoint call, repeated until it throws. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** A thread repeating a step; records how it ended. */
    private static final class Loop {
        private final Thread thread;
        private final AtomicReference<Throwable> ended = new AtomicReference<>();

        Loop(String name, Step step) {
            this.thread = new Thread(() -> {
                try {
                    while (true) {
                        step.run();
                    }
                } catch (Throwable t) {
                    ended.set(t);
                }
            }, "close-racing-" + name);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** @return 1: the loop ended as it must, with the close */
        int awaitClosed(String what, long deadlineNanos) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FuzzFailure(what + ": interrupted");
            }
            if (thread.isAlive()) {
                throw new FuzzFailure(what + ": the " + thread.getName() + " still runs after both closes (hang?)");
            }
            Throwable t = ended.get();
            if (!(t instanceof ChannelClosedException) && !(t instanceof IllegalStateException)) {
                throw new FuzzFailure(what + ": the " + thread.getName() + " ended with " + t
                        + " instead of ChannelClosedException", t);
            }
            return 1;
        }
    }

    /** Checks each delivered message: its own sequence number, the next one expected. */
    private static final class Receiver implements MessageHandler {
        private final String what;
        private long next = -1;

        Receiver(String what) {
            this.what = what;
        }

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            if (type != TYPE || length != MESSAGE_LENGTH) {
                throw new FuzzFailure(what + ": delivered type=" + type + " length=" + length);
            }
            ByteBuffer view = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            long seq = view.getLong(offset);
            if (view.getLong(offset + 8) != ~seq) {
                throw new FuzzFailure(what + ": message seq=" + seq + " is torn");
            }
            // a broadcast subscriber starts at the latest message: the first one seen sets the start
            if (next >= 0 && seq != next) {
                throw new FuzzFailure(what + ": delivered seq=" + seq + " where seq=" + next + " was next");
            }
            next = seq + 1;
        }

        void checkAtMost(long sent) {
            if (next > sent) {
                throw new FuzzFailure(what + ": delivered up to seq=" + (next - 1) + " but only " + sent + " were sent");
            }
        }
    }
}
