package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.ring.SequencedMessages;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcast across processes: this JVM publishes sequenced, checksummed messages; three
 * subscriber JVMs must each receive all of them, in order. The count defaults to
 * {@value #DEFAULT_MESSAGES}; the full run is
 * {@code -Dipcring.test.broadcast.messages=5000000}.
 */
class BroadcastMultiProcessTest {
    static final long DEFAULT_MESSAGES = 300_000;
    static final long MESSAGES = Long.getLong("ipcring.test.broadcast.messages", DEFAULT_MESSAGES);
    static final int MAX_LENGTH = 256;
    static final long DEADLINE_SECONDS = 60 + MESSAGES / 20_000;

    private final TestPaths paths = new TestPaths();
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (ChildJvm child : children) {
            child.close();
        }
        paths.close();
    }

    private BroadcastRing startRingAndSubscribers(long livenessMillis) throws Exception {
        Path path = paths.next("bcmp");
        BroadcastRing ring = BroadcastRing.create(path, BroadcastRingOptions.defaults().capacity(64 * 1024)
                .maxMessageLength(MAX_LENGTH).livenessTimeout(livenessMillis, TimeUnit.MILLISECONDS));
        for (int i = 0; i < 3; i++) {
            children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), BroadcastSubscriberMain.class, path.toString(),
                    "sub-" + i, Long.toString(MESSAGES), Long.toString(DEADLINE_SECONDS)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ring.subscribers().size() < 3) {
            assertTrue(System.nanoTime() < deadline, "subscribers did not attach: " + children.get(0).output());
            Thread.sleep(10);
        }
        return ring;
    }

    private void publish(BroadcastRing ring, long from, long to) throws InterruptedException {
        SequencedMessages messages = new SequencedMessages(from + 1);
        ByteBuffer buffer = ByteBuffer.allocate(MAX_LENGTH);
        try (Publisher publisher = ring.publisher()) {
            for (long sequence = from; sequence < to; sequence++) {
                int length = messages.nextLength(MAX_LENGTH);
                messages.write(buffer, 0, length, sequence);
                assertTrue(publisher.offer(buffer, 0, length, 1, DEADLINE_SECONDS, TimeUnit.SECONDS),
                        "message " + sequence + " not taken; subscribers " + ring.subscribers());
            }
        }
    }

    private static void assertReceivedAll(ChildJvm child) throws InterruptedException {
        assertEquals(0, child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), child.output());
        assertTrue(child.output().contains("OK " + MESSAGES), child.output());
    }

    @Test
    void everySubscriberProcessReceivesEveryMessageInOrder() throws Exception {
        try (BroadcastRing ring = startRingAndSubscribers(
                TimeUnit.NANOSECONDS.toMillis(BroadcastRingOptions.DEFAULT_LIVENESS_TIMEOUT_NANOS))) {
            publish(ring, 0, MESSAGES);
            for (ChildJvm child : children) {
                assertReceivedAll(child);
            }
            assertEquals(MESSAGES, ring.stats().messages());
            assertEquals(0, ring.stats().subscriberReleases());
        }
    }

    @Test
    void aKilledSubscriberIsReleasedAfterTheLivenessTimeoutAndTheOthersGetEverything() throws Exception {
        try (BroadcastRing ring = startRingAndSubscribers(2000)) {
            publish(ring, 0, MESSAGES / 4);
            children.get(1).kill();
            publish(ring, MESSAGES / 4, MESSAGES);
            assertReceivedAll(children.get(0));
            assertReceivedAll(children.get(2));
            assertEquals(1, ring.stats().subscriberReleases(), "the dead subscriber held the producer back, then was released");
            assertTrue(ring.subscribers().stream().anyMatch(s -> s.name().equals("sub-1") && s.released()), ring.subscribers().toString());
        }
    }
}
