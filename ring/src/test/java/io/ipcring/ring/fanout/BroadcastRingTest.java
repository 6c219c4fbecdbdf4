package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastRingTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void aFileOfLayoutVersion1WithItsOtherOwnerWordsIsRefused() throws Exception {
        Path path = paths.next("v1");
        BroadcastRing.create(path, BroadcastRingOptions.defaults().capacity(1024)).close();
        FileBytes.patchInt(path, RegionHeader.VERSION_OFFSET, 1);
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> BroadcastRing.open(path));
        assertEquals(SharedMemoryException.Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("layout version 1")
                && e.getMessage().contains("reads version " + FanoutFormats.LAYOUT_VERSION)
                && e.getMessage().contains(path.toString()), e.getMessage());
    }

    static byte[] payload(int sequence, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (sequence * 31 + i);
        }
        return bytes;
    }

    /** Collects copies of the payloads handed over. */
    static final class Collector implements MessageHandler {
        final List<byte[]> payloads = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            byte[] copy = new byte[length];
            buffer.get(offset, copy, 0, length);
            payloads.add(copy);
            types.add(type);
        }
    }

    @Test
    void everySubscriberGetsEveryMessageInOrderAcrossManyWraps() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(4096));
             Publisher publisher = ring.publisher();
             Subscriber a = ring.subscribe("a", StartPosition.LATEST);
             Subscriber b = ring.subscribe("b", StartPosition.LATEST)) {
            Collector ca = new Collector();
            Collector cb = new Collector();
            for (int i = 0; i < 2000; i++) {
                byte[] bytes = payload(i, i % 97);
                assertTrue(publisher.offer(bytes, 0, bytes.length, 1 + i % 5), "message " + i);
                a.poll(ca, 10);
                b.poll(cb, 3);
                while (b.poll(cb, 100) > 0) {
                    // drain
                }
            }
            while (a.poll(ca, 100) > 0) {
                // drain
            }
            assertEquals(2000, ca.payloads.size());
            assertEquals(2000, cb.payloads.size());
            for (int i = 0; i < 2000; i++) {
                assertArrayEquals(payload(i, i % 97), ca.payloads.get(i), "a message " + i);
                assertArrayEquals(payload(i, i % 97), cb.payloads.get(i), "b message " + i);
                assertEquals(1 + i % 5, ca.types.get(i));
            }
            assertEquals(2000, ring.stats().messages());
        }
    }

    @Test
    void producerNeverOverwritesWhatTheSlowestSubscriberHasNotRead() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber slow = ring.subscribe("slow", StartPosition.LATEST)) {
            byte[] bytes = payload(1, 56); // 64-byte records: 16 fill the ring
            int published = 0;
            while (publisher.offer(bytes, 0, bytes.length, 1)) {
                published++;
            }
            assertEquals(16, published);
            assertEquals(1, ring.stats().fullEvents());
            Collector c = new Collector();
            assertEquals(1, slow.poll(c, 1));
            assertTrue(publisher.offer(bytes, 0, bytes.length, 1), "room for one more once one was read");
            assertFalse(publisher.offer(bytes, 0, bytes.length, 1));
            assertEquals(16, slow.poll(c, 100));
        }
    }

    @Test
    void withoutSubscribersTheProducerNeverBlocks() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            byte[] bytes = payload(1, 100);
            for (int i = 0; i < 1000; i++) {
                assertTrue(publisher.offer(bytes, 0, bytes.length, 1));
            }
        }
    }

    @Test
    void lateJoinerStartsAtTheTailOrAtTheOldestRetainedRecord() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            for (int i = 0; i < 100; i++) {
                byte[] bytes = payload(i, i % 50);
                assertTrue(publisher.offer(bytes, 0, bytes.length, 1));
            }
            try (Subscriber latest = ring.subscribe("latest", StartPosition.LATEST);
                 Subscriber oldest = ring.subscribe("oldest", StartPosition.OLDEST)) {
                Collector cl = new Collector();
                Collector co = new Collector();
                assertEquals(0, latest.poll(cl, 1000));
                int retained = oldest.poll(co, 1000);
                assertTrue(retained > 5 && retained < 100, "retained=" + retained);
                int first = 100 - retained;
                for (int i = 0; i < retained; i++) {
                    assertArrayEquals(payload(first + i, (first + i) % 50), co.payloads.get(i), "retained message " + i);
                }
                byte[] bytes = payload(100, 7);
                assertTrue(publisher.offer(bytes, 0, bytes.length, 1));
                assertEquals(1, latest.poll(cl, 10));
                assertEquals(1, oldest.poll(co, 10));
                assertArrayEquals(bytes, cl.payloads.get(0));
            }
        }
    }

    @Test
    void namesAreUniqueAmongAttachedSubscribersAndFreeAgainAfterDetach() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024).subscriberSlots(2))) {
            Subscriber first = ring.subscribe("x", StartPosition.LATEST);
            RingSlotsTakenException e = assertThrows(RingSlotsTakenException.class, () -> ring.subscribe("x", StartPosition.LATEST));
            assertTrue(e.getMessage().contains("name='x'"), e.getMessage());
            try (Subscriber y = ring.subscribe("y", StartPosition.LATEST)) {
                assertThrows(RingSlotsTakenException.class, () -> ring.subscribe("z", StartPosition.LATEST), "all slots taken");
                assertEquals(2, ring.subscribers().size());
            }
            first.close();
            assertEquals(0, ring.subscribers().size());
            ring.subscribe("x", StartPosition.LATEST).close();
            assertThrows(IllegalArgumentException.class, () -> ring.subscribe("", StartPosition.LATEST));
            assertThrows(IllegalArgumentException.class, () -> ring.subscribe("n".repeat(65), StartPosition.LATEST));
        }
    }

    @Test
    void aSubscriberOfADeadProcessIsResumedByNameWhereItLeftOff() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            Subscriber crashed = ring.subscribe("worker", StartPosition.LATEST);
            for (int i = 0; i < 5; i++) {
                byte[] bytes = payload(i, 10);
                publisher.offer(bytes, 0, bytes.length, 1);
            }
            assertEquals(2, crashed.poll(new Collector(), 2));
            // the process "dies": its slot still names it, but with a start time of another process
            int slot = ring.registry().slotOffset(0);
            ring.memory().putLongVolatile(slot + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET, DeadProcess.packed());
            try (Subscriber restarted = ring.subscribe("worker", StartPosition.LATEST)) {
                Collector c = new Collector();
                assertEquals(3, restarted.poll(c, 10));
                assertArrayEquals(payload(2, 10), c.payloads.get(0));
            }
        }
    }

    @Test
    void aSubscriberThatStopsPollingIsReleasedAfterTheLivenessTimeoutAndToldSo() throws Exception {
        BroadcastRingOptions options = BroadcastRingOptions.defaults().capacity(1024).livenessTimeout(200, TimeUnit.MILLISECONDS);
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), options);
             Publisher publisher = ring.publisher();
             Subscriber stuck = ring.subscribe("stuck", StartPosition.LATEST);
             Subscriber live = ring.subscribe("live", StartPosition.LATEST)) {
            byte[] bytes = payload(1, 56);
            Collector c = new Collector();
            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertTrue(publisher.offer(ByteBuffer.wrap(bytes), 0, bytes.length, 1, 10, TimeUnit.SECONDS), "message " + i);
                live.poll(c, 100);
            }
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(200), "blocked until the timeout");
            assertEquals(100, c.payloads.size());
            assertEquals(1, ring.stats().subscriberReleases());
            assertTrue(ring.subscribers().stream().anyMatch(s -> s.name().equals("stuck") && s.released()));
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> stuck.poll(new Collector(), 1));
            assertTrue(e.getMessage().contains("released"), e.getMessage());
            assertEquals(1, ring.subscribers().size(), "the released slot is freed once its owner noticed");
        }
    }

    @Test
    void blockingPollWaitsForAMessageOrTimesOut() throws Exception {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Subscriber s = ring.subscribe("s", StartPosition.LATEST)) {
            Collector c = new Collector();
            long started = System.nanoTime();
            assertEquals(0, s.poll(c, 1, 50, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(50));
            Thread sender = new Thread(() -> {
                try (Publisher p = ring.publisher()) {
                    Thread.sleep(50);
                    p.offer(new byte[] {7}, 0, 1, 3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            assertEquals(1, s.poll(c, 1, 20, TimeUnit.SECONDS));
            sender.join(20_000);
            assertEquals(3, c.types.get(0));
        }
    }

    @Test
    void rejectsBadArgumentsAndUseAfterClose() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024))) {
            Publisher p = ring.publisher();
            assertEquals(120, p.maxMessageLength());
            assertThrows(IllegalArgumentException.class, () -> p.offer(new byte[121], 0, 121, 1));
            assertThrows(IllegalArgumentException.class, () -> p.offer(new byte[1], 0, 1, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> p.offer(new byte[1], 0, 2, 1));
            p.close();
            assertThrows(ChannelClosedException.class, () -> p.offer(new byte[1], 0, 1, 1));
            Subscriber s = ring.subscribe("s", StartPosition.LATEST);
            assertThrows(IllegalArgumentException.class, () -> s.poll(new Collector(), 0));
            s.close();
            assertThrows(ChannelClosedException.class, () -> s.poll(new Collector(), 1));
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> BroadcastRingOptions.defaults().capacity(1000));
        assertThrows(IllegalArgumentException.class, () -> BroadcastRingOptions.defaults().capacity(RingGeometry.MIN_CAPACITY / 2));
        Path tooLong = paths.next("bc");
        assertThrows(IllegalArgumentException.class,
                () -> BroadcastRing.create(tooLong, BroadcastRingOptions.defaults().capacity(1024).maxMessageLength(121)));
        assertFalse(Files.exists(tooLong), "no file for options that do not fit together");
        assertThrows(IllegalArgumentException.class, () -> BroadcastRingOptions.defaults().capacity(1024).producerSlots(0));
        assertThrows(IllegalArgumentException.class, () -> BroadcastRingOptions.defaults().capacity(1024).subscriberSlots(1025));
        assertThrows(IllegalArgumentException.class, () -> BroadcastRingOptions.defaults().livenessTimeout(0, TimeUnit.MILLISECONDS));
        assertEquals(1024 / 8 - 8, BroadcastRingOptions.defaults().capacity(1024).maxMessageLength());
    }

    @Test
    void openReadsTheShapeAndOpenOrCreateChecksIt() {
        Path path = paths.next("bc");
        BroadcastRingOptions options = BroadcastRingOptions.defaults().capacity(2048).maxMessageLength(100).subscriberSlots(3)
                .livenessTimeout(1234, TimeUnit.MILLISECONDS);
        try (BroadcastRing created = BroadcastRing.create(path, options);
             BroadcastRing opened = BroadcastRing.open(path);
             BroadcastRing again = BroadcastRing.openOrCreate(path, options.livenessTimeout(9, TimeUnit.SECONDS))) {
            assertEquals(options, opened.options());
            assertEquals(options, again.options(), "the liveness timeout is the file's");
            assertThrows(IllegalArgumentException.class, () -> BroadcastRing.openOrCreate(path, options.maxMessageLength(99)));
            assertThrows(SharedMemoryException.class, () -> BroadcastRing.create(path, options));
        }
        assertThrows(SharedMemoryException.class, () -> BroadcastRing.open(paths.next("missing")));
    }

    @Test
    void anImpossibleConfigurationInTheFileIsReportedAsCorruption() {
        Path path = paths.next("bc");
        try (BroadcastRing ring = BroadcastRing.create(path, BroadcastRingOptions.defaults().capacity(1024))) {
            ring.memory().putInt(BroadcastRingDescriptor.CAPACITY_OFFSET, 1000);
        }
        RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> BroadcastRing.open(path));
        assertTrue(e.getMessage().contains("capacity=1000"), e.getMessage());
        try (SharedRegion region = SharedRegion.open(path, FanoutFormats.BROADCAST)) {
            region.memory().putInt(BroadcastRingDescriptor.CAPACITY_OFFSET, 2048);
        }
        e = assertThrows(RingCorruptedException.class, () -> BroadcastRing.open(path));
        assertTrue(e.getMessage().contains("needs a file of"), e.getMessage());
    }

    @Test
    void corruptedPositionsAndRecordsGiveAClearException() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber s = ring.subscribe("s", StartPosition.LATEST)) {
            publisher.offer(new byte[] {1, 2, 3}, 0, 3, 1);
            int record = ring.dataOffset();
            ring.memory().putInt(record + MessageFrame.LENGTH_OFFSET, 5000);
            RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> s.poll(new Collector(), 1));
            assertTrue(e.getMessage().contains("length=5000"), e.getMessage());
            ring.memory().putInt(record + MessageFrame.LENGTH_OFFSET, 3);
            ring.memory().putInt(record + MessageFrame.TYPE_OFFSET, -7);
            assertThrows(RingCorruptedException.class, () -> s.poll(new Collector(), 1));
            ring.memory().putInt(record + MessageFrame.TYPE_OFFSET, 1);
            ring.memory().putLongVolatile(BroadcastRingDescriptor.TAIL_OFFSET, 1 << 20);
            e = assertThrows(RingCorruptedException.class, () -> s.poll(new Collector(), 1));
            assertTrue(e.getMessage().contains("tail=1048576"), e.getMessage());
            assertThrows(RingCorruptedException.class, () -> publisher.offer(new byte[100], 0, 100, 1));
        }
    }

    @Test
    void aCorruptedClaimCounterIsReportedByTheProducer() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("bc"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber s = ring.subscribe("s", StartPosition.LATEST)) {
            ring.memory().putLongVolatile(BroadcastRingDescriptor.CLAIM_OFFSET, 3);
            assertThrows(RingCorruptedException.class, () -> publisher.offer(new byte[1], 0, 1, 1));
            ring.memory().putLongVolatile(BroadcastRingDescriptor.CLAIM_OFFSET, 1 << 16);
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> publisher.offer(new byte[1], 0, 1, 1));
            assertTrue(e.getMessage().contains("claim=65536"), e.getMessage());
            assertEquals(0, s.poll(new Collector(), 1));
        }
    }

    @Test
    void openOrCreateMakesTheFileWithTheAccessOfTheOptions() throws Exception {
        Path path = paths.next("bc-group");
        try (BroadcastRing ring = BroadcastRing.openOrCreate(path,
                BroadcastRingOptions.defaults().capacity(1024).access(RegionAccess.OWNER_AND_GROUP))) {
            assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(ring.path()));
        }
    }
}
