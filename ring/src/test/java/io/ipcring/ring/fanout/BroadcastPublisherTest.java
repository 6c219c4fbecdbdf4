package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastPublisherTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void offersFromABufferRangeAndTimesOutWhenFull() throws Exception {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("pub"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber s = ring.subscribe("s", StartPosition.LATEST)) {
            ByteBuffer src = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5}).position(4).limit(5);
            assertTrue(publisher.offer(src, 1, 3, 4), "absolute indexes; position and limit only bound the range");
            Collector c = new Collector();
            assertEquals(1, s.poll(c, 1));
            assertArrayEquals(new byte[] {8, 7, 6}, c.payloads.get(0));
            assertEquals(4, c.types.get(0));
            while (publisher.offer(new byte[100], 0, 100, 1)) {
                // fill
            }
            long started = System.nanoTime();
            assertFalse(publisher.offer(ByteBuffer.allocate(100), 0, 100, 1, 30, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(30));
            assertTrue(ring.stats().fullEvents() >= 2);
            assertTrue(publisher.uri().startsWith("shm:") && publisher.uri().endsWith("?kind=broadcast"), publisher.uri());
        }
    }

    @Test
    void aPublisherOpenedByPathClosesItsRing() {
        Path path = paths.next("pub");
        Publisher publisher = BroadcastRing.openPublisher(path, BroadcastRingOptions.defaults().capacity(1024));
        assertTrue(publisher.offer(new byte[1], 0, 1, 1));
        publisher.close();
        publisher.close();
        try (BroadcastRing ring = BroadcastRing.open(path)) {
            assertEquals(1, ring.stats().messages());
            assertEquals(0, ring.memory().getLongVolatile(BroadcastRingDescriptor.PRODUCER_SLOT_TABLE_OFFSET),
                    "the producer slot was given back");
        }
    }
}
