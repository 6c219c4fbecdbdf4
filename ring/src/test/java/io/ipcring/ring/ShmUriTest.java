package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.SharedRegion;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShmUriTest {
    private static ShmUri parse(String text) {
        return ShmUri.parse(ChannelUri.parse(text));
    }

    private static String rejection(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
    }

    @Test
    void kindsAreReadInAnyCaseAndSpscIsTheDefault() {
        assertEquals(ShmUri.Kind.SPSC, parse("shm:/x").kind());
        assertEquals(ShmUri.Kind.MPSC, parse("shm:/x?kind=Mpsc").kind());
        assertEquals(ShmUri.Kind.BROADCAST, parse("shm:/x?kind=Broadcast").kind());
        assertEquals(ShmUri.Kind.WORKQUEUE, parse("shm:/x?kind=WORKQUEUE").kind());
        assertEquals("channel URI 'shm:/x?kind=fanout': unknown kind=fanout (expected spsc, mpsc, broadcast or workqueue)",
                rejection("shm:/x?kind=fanout"));
    }

    @Test
    void aParameterTheKindDoesNotReadIsRejectedListingTheOnesItDoes() {
        assertEquals("channel URI 'shm:/x?kind=spsc&producers=2': unknown parameter 'producers' for kind=spsc"
                + " (valid: kind, capacity, maxMessage, wait, access)", rejection("shm:/x?kind=spsc&producers=2"));
        assertEquals("channel URI 'shm:/x?kind=mpsc&slots=2': unknown parameter 'slots' for kind=mpsc"
                + " (valid: kind, capacity, maxMessage, producers, claimTimeoutMs, wait, access)",
                rejection("shm:/x?kind=mpsc&slots=2"));
        assertTrue(rejection("shm:/x?kind=broadcast&consumers=2").endsWith("for kind=broadcast (valid: kind, capacity,"
                + " maxMessage, producers, subscribers, livenessTimeoutMs, subscriber, start, wait, access)"));
        assertTrue(rejection("shm:/x?kind=workqueue&subscriber=s").endsWith("for kind=workqueue (valid: kind, capacity,"
                + " maxMessage, producers, consumers, maxMessages, wait, access)"));
    }

    @Test
    void theSameNamesFillEachFamilysOptions() {
        ShmUri mpsc = parse("shm:/x?kind=mpsc&capacity=64k&maxMessage=1k&producers=3&claimTimeoutMs=7&wait=spin&access=group");
        assertEquals(64 * 1024, mpsc.unicastOptions().capacity());
        assertEquals(1024, mpsc.unicastOptions().maxMessageLength());
        assertEquals(3, mpsc.unicastOptions().producerSlots());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(7), mpsc.unicastOptions().stuckClaimTimeoutNanos());
        assertEquals(WaitStrategy.BUSY_SPIN, mpsc.unicastOptions().waitStrategy());
        assertEquals(RegionAccess.OWNER_AND_GROUP, mpsc.unicastOptions().access());
        ShmUri broadcast = parse("shm:/x?kind=broadcast&capacity=64k&maxMessage=1k&producers=3&subscribers=4"
                + "&livenessTimeoutMs=9&subscriber=s&start=OLDEST&wait=yield&access=group");
        assertEquals(64 * 1024, broadcast.broadcastOptions().capacity());
        assertEquals(1024, broadcast.broadcastOptions().maxMessageLength());
        assertEquals(3, broadcast.broadcastOptions().producerSlots());
        assertEquals(4, broadcast.broadcastOptions().subscriberSlots());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(9), broadcast.broadcastOptions().livenessTimeoutNanos());
        assertEquals(RegionAccess.OWNER_AND_GROUP, broadcast.broadcastOptions().access());
        assertEquals(WaitStrategy.YIELD, broadcast.broadcastOptions().waitStrategy());
        assertEquals("s", broadcast.subscriberName());
        assertEquals(BroadcastRing.StartPosition.OLDEST, broadcast.start());
        ShmUri queue = parse("shm:/x?kind=workqueue&capacity=64k&maxMessage=1k&producers=3&consumers=5&maxMessages=6"
                + "&wait=backoff");
        assertEquals(64 * 1024, queue.workQueueOptions().capacity());
        assertEquals(1024, queue.workQueueOptions().maxMessageLength());
        assertEquals(3, queue.workQueueOptions().producerSlots());
        assertEquals(5, queue.workQueueOptions().consumerSlots());
        assertEquals(6, queue.workQueueOptions().maxMessages());
        assertEquals(WaitStrategy.BACKOFF, queue.workQueueOptions().waitStrategy());
        assertEquals(RegionAccess.OWNER, queue.workQueueOptions().access());
    }

    @Test
    void theTargetNamesAFileInTheDefaultDirectoryOrAPath() {
        assertEquals(SharedRegion.defaultDirectory().resolve("orders"), parse("shm:orders?kind=broadcast").path());
        assertEquals(SharedRegion.defaultDirectory().resolve("orders"), parse("shm:/orders?kind=workqueue").path());
        assertEquals("channel URI 'shm:/?kind=mpsc' names no ring (expected shm:/name)", rejection("shm:/?kind=mpsc"));
    }

    @Test
    void aNumberOutOfAnIntsRangeIsRejectedWithItsName() {
        assertTrue(parse("shm:/x?capacity=8g").toString().endsWith("capacity=8g"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("shm:/x?capacity=8g").unicastOptions())
                .getMessage().contains("capacity=8589934592 is out of range"));
    }
}
