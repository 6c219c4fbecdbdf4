package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShmChannelProviderTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void schemeIsRegisteredThroughTheServiceLoader() {
        assertEquals(ShmChannelProvider.class.getName(), Channels.schemes().get("shm"));
    }

    @Test
    void spscAndMpscRoundTripThroughChannels() throws Exception {
        for (String kind : new String[]{"spsc", "mpsc"}) {
            String name = paths.next(kind).getFileName().toString();
            String uri = "shm:/" + name + "?kind=" + kind + "&capacity=64k&maxMessage=1k&wait=backoff";
            try (Subscriber subscriber = Channels.subscriber(uri); Publisher publisher = Channels.publisher(uri)) {
                assertEquals(1024, publisher.maxMessageLength());
                assertEquals("shm:" + SharedRegion.defaultDirectory().resolve(name) + "?kind=" + kind, publisher.uri());
                assertTrue(publisher.offer(ByteBuffer.wrap(new byte[]{1, 2}), 0, 2, 5));
                Collected got = new Collected();
                assertEquals(1, subscriber.poll(got, 10, 5, TimeUnit.SECONDS));
                assertEquals(5, got.messages.get(0).type());
            }
            assertTrue(SharedRegion.defaultDirectory().resolve(name).toFile().exists(), "closing keeps the file");
        }
    }

    @Test
    void everyKindAndEnumeratedValueIsReadInAnyCase() throws Exception {
        for (String kind : new String[]{"SPSC", "Mpsc", "Broadcast", "WORKQUEUE"}) {
            String uri = "shm:/" + paths.next("case").getFileName() + "?kind=" + kind + "&capacity=64k&maxMessage=1k"
                    + "&wait=Spin&access=OWNER";
            String subscriberUri = uri + (kind.equals("Broadcast") ? "&subscriber=s&start=OLDEST" : "");
            try (Subscriber subscriber = Channels.subscriber(subscriberUri); Publisher publisher = Channels.publisher(uri)) {
                assertTrue(publisher.offer(new byte[]{1}, 0, 1, 4), kind);
                Collected got = new Collected();
                assertEquals(1, subscriber.poll(got, 10, 5, TimeUnit.SECONDS), kind);
            }
        }
        String name = paths.next("case").getFileName().toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Channels.publisher("shm:/" + name + "?kind=Fanout"));
        assertEquals("channel URI 'shm:/" + name + "?kind=Fanout': unknown kind=Fanout (expected spsc, mpsc, broadcast"
                + " or workqueue)", e.getMessage());
    }

    @Test
    void closingTheSubscriberDetachesSoAnotherCanAttach() {
        String uri = "shm:" + paths.next("detach").getFileName() + "?capacity=4k";
        Channels.subscriber(uri).close();
        Channels.subscriber(uri).close();
    }

    @Test
    void targetsResolveLikeShmOpenOrAsPaths() {
        Path dir = SharedRegion.defaultDirectory();
        assertEquals(dir.resolve("orders"), ShmChannelProvider.path(ChannelUri.parse("shm:/orders")));
        assertEquals(dir.resolve("orders"), ShmChannelProvider.path(ChannelUri.parse("shm:orders")));
        assertEquals(Paths.get("/tmp/rings/orders"), ShmChannelProvider.path(ChannelUri.parse("shm:/tmp/rings/orders")));
        assertThrows(IllegalArgumentException.class, () -> ShmChannelProvider.path(ChannelUri.parse("shm:/")));
    }

    @Test
    void badParametersAreRejectedWithTheirName() {
        String name = paths.next("bad").getFileName().toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?capacty=4k"))
                .getMessage().contains("unknown parameter 'capacty'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?kind=fast"))
                .getMessage().contains("unknown kind=fast"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?wait=nap"))
                .getMessage().contains("wait=nap"));
        assertTrue(!SharedRegion.defaultDirectory().resolve(name).toFile().exists(), "no file for a bad URI");
    }

    @Test
    void aValueAnOptionRejectsIsReportedWithTheUriForEveryKind() {
        for (String kind : ShmChannelProvider.KINDS) {
            String name = paths.next("value").getFileName().toString();
            String uri = "shm:/" + name + "?kind=" + kind + "&capacity=1000";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.publisher(uri));
            assertTrue(e.getMessage().startsWith("channel URI '" + uri + "': capacity=1000 must be a power of two"),
                    e.getMessage());
            String tooLong = "shm:/" + name + "?kind=" + kind + "&capacity=4k&maxMessage=4k";
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher(tooLong)).getMessage()
                    .startsWith("channel URI '" + tooLong + "': "), kind);
            assertFalse(SharedRegion.defaultDirectory().resolve(name).toFile().exists(), kind + ": no file for a bad URI");
        }
    }

    @Test
    void producersIsTheProducerSlotParameterOfEveryKindThatHasThem() throws Exception {
        for (String kind : new String[] {"mpsc", "broadcast", "workqueue"}) {
            String name = paths.next("producers").getFileName().toString();
            String uri = "shm:/" + name + "?kind=" + kind + "&capacity=4k&producers=1";
            try (Publisher first = Channels.publisher(uri)) {
                assertThrows(RingSlotsTakenException.class, () -> Channels.publisher(uri), kind + ": one producer slot");
            }
        }
    }

    @Test
    void accessAppliesToTheFileOfEveryKind() throws Exception {
        for (String kind : ShmChannelProvider.KINDS) {
            Path path = paths.next("access");
            String uri = "shm:/" + path.getFileName() + "?kind=" + kind + "&capacity=4k&access=group";
            Channels.publisher(uri).close();
            assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(path), kind);
        }
    }

    @Test
    void broadcastPublisherAndSubscribersFromUris() throws Exception {
        Path path = paths.next("uri");
        String base = "shm:" + path + "?kind=broadcast&capacity=4k&maxMessage=100&livenessTimeoutMs=1500";
        try (Publisher publisher = Channels.publisher(base);
             Subscriber a = Channels.subscriber(base + "&subscriber=a");
             Subscriber b = Channels.subscriber(base + "&subscriber=b&start=oldest")) {
            assertEquals(100, publisher.maxMessageLength());
            assertTrue(publisher.offer(new byte[] {1, 2}, 0, 2, 3));
            Collected ca = new Collected();
            Collected cb = new Collected();
            assertEquals(1, a.poll(ca, 10));
            assertEquals(1, b.poll(cb, 10));
            assertArrayEquals(new byte[] {1, 2}, ca.messages.get(0).payload());
            try (BroadcastRing ring = BroadcastRing.open(path)) {
                assertEquals(4096, ring.options().capacity());
                assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), ring.options().livenessTimeoutNanos());
            }
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.subscriber(base)).getMessage()
                .contains("a broadcast subscriber needs subscriber=NAME"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.subscriber(base + "&subscriber=c&start=middle"))
                .getMessage().contains("start=middle"));
    }

    @Test
    void workQueueFromUrisWithAPlainNameInTheDefaultDirectory() throws Exception {
        String name = paths.next("uri").getFileName().toString();
        String uri = "shm:/" + name + "?kind=workqueue&capacity=8192&consumers=2&maxMessages=10";
        try (Publisher publisher = Channels.publisher(uri);
             Subscriber consumer = Channels.subscriber(uri)) {
            assertTrue(publisher.offer(new byte[] {9}, 0, 1, 1));
            assertEquals(1, consumer.poll(new Collected(), 10));
            try (WorkQueueRing ring = WorkQueueRing.open(SharedRegion.pathOf(name))) {
                assertEquals(2, ring.options().consumerSlots());
                assertEquals(10, ring.options().maxMessages());
            }
        }
    }

    @Test
    void aNameWithoutASlashResolvesInTheDefaultDirectoryForEveryKind() {
        for (String kind : ShmChannelProvider.KINDS) {
            String name = paths.next("no-slash").getFileName().toString();
            Path relative = Path.of(name).toAbsolutePath();
            try {
                Channels.publisher("shm:" + name + "?kind=" + kind + "&capacity=4k").close();
                assertTrue(SharedRegion.pathOf(name).toFile().exists(), kind + ": in the default directory");
                assertFalse(relative.toFile().exists(), kind + ": not in the working directory");
            } finally {
                SharedRegion.delete(relative);
            }
        }
    }
}
