package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import io.ipcring.ring.internal.FileWatch;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.SharedMemoryException.Reason;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ring file deleted and re-created, or renamed over, while endpoints are attached to the old
 * one: the case was a publisher whose offers kept returning true while the new file's
 * subscriber received nothing. Every endpoint now fails with {@link RingFileChangedException}
 * ({@link Reason#REPLACED}) within {@link FileWatch#CHECK_INTERVAL} calls once
 * {@link FileWatch#LOOK_PERIOD_NANOS} have passed, at once when a timed wait ends without result,
 * and statistics at once.
 */
class ReplacedRingTest {
    private static final byte[] MESSAGE = new byte[32];

    private static void waitALookPeriod() throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(FileWatch.LOOK_PERIOD_NANOS + 1_000_000);
    }

    private static String uri(Path path, String kind) {
        return "shm:" + path + "?kind=" + kind + "&capacity=64k";
    }

    private static String subscriberUri(Path path, String kind) {
        return uri(path, kind) + (kind.equals("broadcast") ? "&subscriber=s" : "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpsc", "broadcast", "workqueue"})
    void aPublisherOfAFileDeletedAndCreatedAgainFailsWithinTheCheckIntervalAndTheNewSubscriberGetsNothing(String kind)
            throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path path = paths.next("replaced-" + kind);
            try (Publisher publisher = Channels.publisher(uri(path, kind))) {
                assertTrue(publisher.offer(MESSAGE, 0, MESSAGE.length, 1));
                SharedRegion.delete(path);
                try (Subscriber subscriber = Channels.subscriber(subscriberUri(path, kind))) {
                    waitALookPeriod();
                    int accepted = offerUntilRefused(publisher, path);
                    assertTrue(accepted < FileWatch.CHECK_INTERVAL, "accepted=" + accepted);
                    AtomicInteger received = new AtomicInteger();
                    subscriber.poll((type, buffer, offset, length) -> received.incrementAndGet(), 100);
                    assertEquals(0, received.get(), "the new file's subscriber");
                    assertThrows(RingFileChangedException.class, () -> publisher.offer(MESSAGE, 0, MESSAGE.length, 1),
                            "every later call fails too");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpsc", "broadcast", "workqueue"})
    void aSubscriberOfAFileRenamedOverFailsWithinTheCheckIntervalAndATimedPollAtOnce(String kind) throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path path = paths.next("renamed-over-" + kind);
            Path other = paths.next("renamed-" + kind);
            try (Subscriber subscriber = Channels.subscriber(subscriberUri(path, kind));
                 Subscriber timed = kind.equals("broadcast") ? Channels.subscriber(uri(path, kind) + "&subscriber=t")
                         : null) {
                try (Publisher elsewhere = Channels.publisher(uri(other, kind))) {
                    assertTrue(elsewhere.offer(MESSAGE, 0, MESSAGE.length, 1));
                }
                Files.move(other, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                waitALookPeriod();
                if (timed != null) {
                    RingFileChangedException e = assertThrows(RingFileChangedException.class,
                            () -> timed.poll((type, buffer, offset, length) -> { }, 1, 1, TimeUnit.MILLISECONDS));
                    assertEquals(Reason.REPLACED, e.reason());
                }
                int polls = 0;
                RingFileChangedException failure = null;
                while (failure == null && polls <= FileWatch.CHECK_INTERVAL) {
                    try {
                        assertEquals(0, subscriber.poll((type, buffer, offset, length) -> { }, 10));
                        polls++;
                    } catch (RingFileChangedException e) {
                        failure = e;
                    }
                }
                assertTrue(failure != null, "no failure within " + polls + " polls");
                assertEquals(Reason.REPLACED, failure.reason());
                assertEquals(path, failure.path());
                assertTrue(failure.getMessage().startsWith(path + ": the file was replaced: mapped inode="),
                        failure.getMessage());
            }
        }
    }

    @Test
    void aTimedPollOfAReplacedSpscRingFailsWhenItTimesOut() throws Exception {
        try (TestPaths paths = new TestPaths()) {
            Path path = paths.next("replaced-timed");
            try (Subscriber subscriber = Channels.subscriber(uri(path, "spsc"))) {
                SharedRegion.delete(path);
                try (Publisher replacement = Channels.publisher(uri(path, "spsc"))) {
                    assertEquals(Reason.REPLACED, assertThrows(RingFileChangedException.class,
                            () -> subscriber.poll((type, buffer, offset, length) -> { }, 1, 1, TimeUnit.MILLISECONDS))
                            .reason());
                }
            }
        }
    }

    @Test
    void statisticsOfAReplacedRingFailAtOnce() {
        try (TestPaths paths = new TestPaths()) {
            Path path = paths.next("replaced-stats");
            try (SpscRing ring = SpscRing.create(path, UnicastRingOptions.defaults())) {
                ring.stats();
                SharedRegion.delete(path);
                try (SpscRing replacement = SpscRing.create(path, UnicastRingOptions.defaults())) {
                    assertEquals(Reason.REPLACED, assertThrows(RingFileChangedException.class, ring::stats).reason());
                    replacement.stats();
                }
            }
        }
    }

    @Test
    void aRingQueueWhoseFileWasReplacedFailsWithinTheCheckInterval() throws InterruptedException {
        try (TestPaths paths = new TestPaths()) {
            Path path = paths.next("replaced-queue");
            try (RingQueue<String> queue = RingQueue.open(path, 4096, 64, StringCodec.INSTANCE)) {
                assertTrue(queue.offer("before"));
                SharedRegion.delete(path);
                try (RingQueue<String> replacement = RingQueue.open(path, 4096, 64, StringCodec.INSTANCE)) {
                    waitALookPeriod();
                    int accepted = 0;
                    RingFileChangedException failure = null;
                    while (failure == null && accepted <= FileWatch.CHECK_INTERVAL) {
                        try {
                            assertTrue(queue.offer("after"));
                            accepted++;
                        } catch (RingFileChangedException e) {
                            failure = e;
                        }
                    }
                    assertTrue(failure != null, "accepted=" + accepted);
                    assertEquals(null, replacement.poll(), "the new file's queue");
                }
            }
        }
    }

    @Test
    void aDeletedFileIsNoReplacement() throws InterruptedException {
        try (TestPaths paths = new TestPaths()) {
            Path path = paths.next("deleted");
            try (Publisher publisher = Channels.publisher(uri(path, "spsc"));
                 Subscriber subscriber = Channels.subscriber(uri(path, "spsc"))) {
                SharedRegion.delete(path);
                waitALookPeriod();
                AtomicInteger received = new AtomicInteger();
                for (int i = 0; i < 2 * FileWatch.CHECK_INTERVAL; i++) {
                    assertTrue(publisher.offer(MESSAGE, 0, MESSAGE.length, 1));
                    assertEquals(1, subscriber.poll((type, buffer, offset, length) -> received.incrementAndGet(), 1));
                }
                assertEquals(2 * FileWatch.CHECK_INTERVAL, received.get(), "the endpoints still share the unnamed file");
            }
        }
    }

    /** @return the offers accepted before one threw; fails the test when none throws within the bound */
    private static int offerUntilRefused(Publisher publisher, Path path) {
        for (int accepted = 0; accepted <= FileWatch.CHECK_INTERVAL; accepted++) {
            try {
                if (!publisher.offer(MESSAGE, 0, MESSAGE.length, 1)) {
                    throw new AssertionError("offer returned false after accepted=" + accepted + " without failing");
                }
            } catch (RingFileChangedException e) {
                assertEquals(Reason.REPLACED, e.reason());
                assertEquals(path, e.path());
                assertTrue(e.getMessage().contains("the path now names inode="), e.getMessage());
                return accepted;
            }
        }
        throw new AssertionError("more than " + FileWatch.CHECK_INTERVAL + " offers accepted by a replaced file");
    }
}
