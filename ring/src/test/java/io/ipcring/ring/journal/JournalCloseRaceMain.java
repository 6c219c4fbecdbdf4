package io.ipcring.ring.journal;

import io.ipcring.channel.ChannelClosedException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of {@link JournalCloseRaceTest}: closes a journal appender or reader from the
 * main thread, at a random moment, while a worker thread uses it, many times over, and checks
 * that every worker ends with {@link ChannelClosedException} and nothing else (an unmap under
 * the worker crashes Java 17 and is an {@code IllegalStateException} on 22+).
 *
 * <pre>
 * JournalCloseRaceMain DIR ITERATIONS
 * </pre>
 * Prints {@code OK mode=... iterations=N} per mode and exits 0; prints the failure and exits 1.
 */
public final class JournalCloseRaceMain {
    private static final long END_WITHIN_MILLIS = 5_000;
    /** Small segments, the last 4 kept: the races cross rolls and deletions. */
    static final JournalOptions OPTIONS = JournalAppenderTest.SMALL.retention(JournalRetention.segments(4));

    private JournalCloseRaceMain() {
    }

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(Long.getLong("seed", System.nanoTime()));
        Path dir = Path.of(args[0]);
        int iterations = Integer.parseInt(args[1]);
        try (Journal journal = Journal.open(dir, OPTIONS)) {
            for (Mode mode : Mode.values()) {
                for (int i = 0; i < iterations; i++) {
                    mode.run(journal, random.nextInt(300));
                }
                System.out.println("OK mode=" + mode + " iterations=" + iterations);
            }
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.exit(0);
    }

    /** What the worker does while the main thread closes the endpoint it uses. */
    enum Mode {
        /** Polls in a tight loop while the main thread appends. */
        POLL_LOOP {
            @Override
            void run(Journal journal, int delayMicros) throws Exception {
                try (JournalAppender appender = journal.appender()) {
                    JournalReader reader = delayMicros % 2 == 0 ? journal.reader("racer", JournalStart.end())
                            : journal.reader(JournalStart.end());
                    byte[] message = new byte[40];
                    race(reader, () -> {
                        while (true) {
                            try {
                                reader.poll((sequence, time, type, buffer, offset, length) -> buffer.get(offset), 16);
                            } catch (JournalTruncatedException e) {
                                // the name resumed behind the kept segments (an earlier round's position): read on
                            }
                        }
                    }, () -> appendFor(appender, message, delayMicros));
                }
            }
        },
        /** A timed poll that sleeps on the journal's futex signal (nothing appended). */
        BLOCKED_POLL {
            @Override
            void run(Journal journal, int delayMicros) throws Exception {
                JournalReader reader = journal.reader(JournalStart.end());
                race(reader, () -> {
                    while (true) {
                        reader.poll((type, buffer, offset, length) -> { }, 16, 10, TimeUnit.SECONDS);
                    }
                }, () -> pause(delayMicros));
            }
        },
        /** Offers in a tight loop (with rolls and retention's deletions). */
        OFFER_LOOP {
            @Override
            void run(Journal journal, int delayMicros) throws Exception {
                JournalAppender appender = journal.appender();
                byte[] message = new byte[200];
                race(appender, () -> {
                    while (true) {
                        appender.offer(message, 0, message.length, 1);
                    }
                }, () -> pause(delayMicros));
            }
        },
        /** Claims, writes into the claim's buffer and commits in a tight loop. */
        CLAIM_LOOP {
            @Override
            void run(Journal journal, int delayMicros) throws Exception {
                JournalAppender appender = journal.appender();
                race(appender, () -> {
                    while (true) {
                        int index = appender.tryClaim(100, 2);
                        appender.buffer().putLong(index, index);
                        appender.commit(index);
                    }
                }, () -> pause(delayMicros));
            }
        };

        abstract void run(Journal journal, int delayMicros) throws Exception;
    }

    private static void appendFor(JournalAppender appender, byte[] message, int micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        while (System.nanoTime() - end < 0) {
            appender.offer(message, 0, message.length, 1);
        }
    }

    @FunctionalInterface
    interface Loop {
        void run() throws Exception;
    }

    private static void race(AutoCloseable endpoint, Loop loop, Runnable meanwhile) throws Exception {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "journal-close-racing-worker");
        worker.start();
        meanwhile.run();
        endpoint.close();
        worker.join(END_WITHIN_MILLIS);
        if (worker.isAlive()) {
            throw new AssertionError("the worker still runs " + END_WITHIN_MILLIS + " ms after the close of " + endpoint);
        }
        Throwable t = ended.get();
        if (!(t instanceof ChannelClosedException)) {
            throw new AssertionError("the worker ended with " + t + " instead of ChannelClosedException", t);
        }
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
