package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.ShmChannelProvider;
import io.ipcring.ring.TestPaths;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutChannelsTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void recognisesOnlyShmUrisOfItsKinds() {
        assertTrue(FanoutChannels.handles(ChannelUri.parse("shm:/x?kind=broadcast")));
        assertTrue(FanoutChannels.handles(ChannelUri.parse("shm:/x?kind=workqueue")));
        assertFalse(FanoutChannels.handles(ChannelUri.parse("shm:/x?kind=spsc")));
        assertFalse(FanoutChannels.handles(ChannelUri.parse("shm:/x")));
        assertFalse(FanoutChannels.handles(ChannelUri.parse("fifo:/x?kind=broadcast")));
        assertThrows(IllegalArgumentException.class, () -> FanoutChannels.publisher(ChannelUri.parse("shm:/x?kind=mpsc")));
    }

    @Test
    void broadcastPublisherAndSubscribersFromUris() {
        Path path = paths.next("uri");
        String base = "shm:" + path + "?kind=broadcast&capacity=4k&maxMessage=100&livenessTimeoutMs=1500";
        try (Publisher publisher = FanoutChannels.publisher(ChannelUri.parse(base));
             Subscriber a = FanoutChannels.subscriber(ChannelUri.parse(base + "&subscriber=a"));
             Subscriber b = FanoutChannels.subscriber(ChannelUri.parse(base + "&subscriber=b&start=oldest"))) {
            assertEquals(100, publisher.maxMessageLength());
            assertTrue(publisher.offer(new byte[] {1, 2}, 0, 2, 3));
            Collector ca = new Collector();
            Collector cb = new Collector();
            assertEquals(1, a.poll(ca, 10));
            assertEquals(1, b.poll(cb, 10));
            assertArrayEquals(new byte[] {1, 2}, ca.payloads.get(0));
            try (BroadcastRing ring = BroadcastRing.open(path)) {
                assertEquals(4096, ring.options().capacity());
                assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), ring.options().livenessTimeoutNanos());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> FanoutChannels.subscriber(ChannelUri.parse(base)), "no name");
        assertThrows(IllegalArgumentException.class,
                () -> FanoutChannels.subscriber(ChannelUri.parse(base + "&subscriber=c&start=middle")));
        assertThrows(IllegalArgumentException.class, () -> FanoutChannels.publisher(ChannelUri.parse(base + "&consumers=2")));
    }

    @Test
    void aNameWithoutASlashResolvesAsForEveryShmKind() {
        for (String kind : new String[] {"broadcast", "workqueue"}) {
            String name = paths.next("no-slash").getFileName().toString();
            Path relative = Path.of(name).toAbsolutePath();
            String uri = "shm:" + name + "?kind=" + kind + "&capacity=4k";
            try (Publisher publisher = FanoutChannels.publisher(ChannelUri.parse(uri))) {
                assertEquals(ShmChannelProvider.path(ChannelUri.parse(uri)), SharedRegion.pathOf(name));
                assertTrue(SharedRegion.pathOf(name).toFile().exists(), kind + ": in the default directory, as spsc and mpsc");
                assertFalse(relative.toFile().exists(), kind + ": not in the working directory");
            } finally {
                SharedRegion.delete(relative);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> FanoutChannels.publisher(ChannelUri.parse("shm:/?kind=broadcast")), "names no ring");
    }

    @Test
    void workQueueFromUrisWithAPlainNameInTheDefaultDirectory() {
        String name = paths.next("uri").getFileName().toString();
        String uri = "shm:/" + name + "?kind=workqueue&capacity=8192&consumers=2&maxMessages=10";
        try (Publisher publisher = FanoutChannels.publisher(ChannelUri.parse(uri));
             Subscriber consumer = FanoutChannels.subscriber(ChannelUri.parse(uri))) {
            assertTrue(publisher.offer(new byte[] {9}, 0, 1, 1));
            assertEquals(1, consumer.poll(new Collector(), 10));
            try (WorkQueueRing ring = WorkQueueRing.open(SharedRegion.pathOf(name))) {
                assertEquals(2, ring.options().consumerSlots());
                assertEquals(10, ring.options().maxMessages());
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> FanoutChannels.publisher(ChannelUri.parse(uri + "&subscriber=x")), "unknown parameter for a work queue");
    }
}
