package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastSubscriberTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void aMessageWhoseHandlerThrowsIsDeliveredAgainByTheNextPoll() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("sub"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher();
             Subscriber s = ring.subscribe("s", StartPosition.LATEST)) {
            for (int i = 0; i < 3; i++) {
                publisher.offer(new byte[] {(byte) i}, 0, 1, 1);
            }
            List<Byte> seen = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> s.poll((t, b, o, l) -> {
                seen.add(b.get(o));
                if (b.get(o) == 1) {
                    throw new IllegalStateException("fails on 1");
                }
            }, 10));
            assertEquals(16, ((BroadcastSubscriber) s).position(), "acknowledged up to the failing message");
            assertEquals(2, s.poll((t, b, o, l) -> seen.add(b.get(o)), 10));
            assertEquals(List.of((byte) 0, (byte) 1, (byte) 1, (byte) 2), seen);
            assertTrue(s.uri().endsWith("&subscriber=s"), s.uri());
        }
    }

    @Test
    void aSubscriberReleasedWhileItReadsIsToldAfterTheBatch() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("sub"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            Subscriber s = ring.subscribe("s", StartPosition.LATEST);
            publisher.offer(new byte[1], 0, 1, 1);
            int owner = ring.registry().slotOffset(0) + BroadcastRingDescriptor.SUBSCRIBER_OWNER_OFFSET;
            ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> s.poll((t, b, o, l) ->
                    ring.memory().putLongVolatile(owner, ProcessIdentity.current().pack() | BroadcastRingDescriptor.RELEASED_BIT), 10));
            assertTrue(e.getMessage().contains("released"), e.getMessage());
            assertEquals(0, ring.memory().getLongVolatile(owner), "the released slot is freed");
            assertThrows(ChannelClosedException.class, () -> s.poll(new Collector(), 1));
        }
    }

    @Test
    void aSubscriberOpenedByPathDetachesAndClosesItsRing() {
        Path path = paths.next("sub");
        Subscriber s = BroadcastRing.openSubscriber(path, BroadcastRingOptions.defaults().capacity(1024), "s", StartPosition.OLDEST);
        try (BroadcastRing ring = BroadcastRing.open(path)) {
            assertEquals(1, ring.subscribers().size());
            s.close();
            assertEquals(0, ring.subscribers().size());
        }
    }
}
