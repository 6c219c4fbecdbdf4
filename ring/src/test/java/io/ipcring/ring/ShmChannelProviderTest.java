package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.sync.SharedRegion;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShmChannelProviderTest {
    private final TestFiles files = new TestFiles();

    @AfterEach
    void deleteFiles() {
        files.deleteAll();
    }

    @Test
    void schemeIsRegisteredThroughTheServiceLoader() {
        assertEquals(ShmChannelProvider.class.getName(), Channels.schemes().get("shm"));
    }

    @Test
    void spscAndMpscRoundTripThroughChannels() throws Exception {
        for (String kind : new String[]{"spsc", "mpsc"}) {
            String name = files.newPath(kind).getFileName().toString();
            String uri = "shm:/" + name + "?kind=" + kind + "&capacity=64k&maxMessage=1k&wait=backoff";
            try (Subscriber subscriber = Channels.subscriber(uri); Publisher publisher = Channels.publisher(uri)) {
                assertEquals(1024, publisher.maxMessageLength());
                assertEquals(uri, publisher.uri());
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
            String uri = "shm:/" + files.newPath("case").getFileName() + "?kind=" + kind + "&capacity=64k&maxMessage=1k"
                    + (kind.startsWith("B") || kind.startsWith("W") ? "" : "&wait=Spin&access=OWNER");
            String subscriberUri = uri + (kind.equals("Broadcast") ? "&subscriber=s&start=OLDEST" : "");
            try (Subscriber subscriber = Channels.subscriber(subscriberUri); Publisher publisher = Channels.publisher(uri)) {
                assertTrue(publisher.offer(new byte[]{1}, 0, 1, 4), kind);
                Collected got = new Collected();
                assertEquals(1, subscriber.poll(got, 10, 5, TimeUnit.SECONDS), kind);
            }
        }
        String name = files.newPath("case").getFileName().toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Channels.publisher("shm:/" + name + "?kind=Fanout"));
        assertEquals("channel URI 'shm:/" + name + "?kind=Fanout': unknown kind=Fanout (expected spsc, mpsc, broadcast"
                + " or workqueue)", e.getMessage());
    }

    @Test
    void closingTheSubscriberDetachesSoAnotherCanAttach() {
        String uri = "shm:" + files.newPath("detach").getFileName() + "?capacity=4k";
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
        String name = files.newPath("bad").getFileName().toString();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?capacty=4k"))
                .getMessage().contains("unknown parameter 'capacty'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?kind=broadcast&slots=4"))
                .getMessage().contains("unknown parameter 'slots'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?kind=fast"))
                .getMessage().contains("unknown kind=fast"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?wait=nap"))
                .getMessage().contains("wait=nap"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Channels.publisher("shm:/" + name + "?capacity=1000"))
                .getMessage().contains("capacity=1000"));
        assertTrue(!SharedRegion.defaultDirectory().resolve(name).toFile().exists(), "no file for a bad URI");
    }
}
