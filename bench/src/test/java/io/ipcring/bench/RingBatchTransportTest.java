package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RingBatchTransportTest {
    @Test
    void shmSpscBatchIsABusySpinMemoryTransportOnTheSpscRing() {
        Transport t = Transports.get("shm-spsc-batch");
        assertEquals("busy-spin", t.mode());
        assertEquals(Transport.Speed.MEMORY, t.speed());
        assertEquals(List.of(), t.jvmFlags());
        assertNull(t.unavailableReason());
        assertEquals(Transports.names().indexOf("shm-spsc") + 1, Transports.names().indexOf("shm-spsc-batch"),
                "measured right after shm-spsc");
    }

    @Test
    void aBatchOfNoMessagesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RingBatchTransport("x", 0, "shm:/x"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPublisherWithoutBatchCallsMakesTheTransportUnavailable(@TempDir Path dir) throws Exception {
        RingBatchTransport t = new RingBatchTransport("socket-batch", 64, TestSocketChannels.SCHEME + ":{dir}/{channel}.sock");
        CaseSpec spec = new CaseSpec("socket-batch", 8, 0, 1, 2, 1, dir, "t", -1);
        t.prepare(spec);
        CompletableFuture<Object> child = CompletableFuture.supplyAsync(() -> {
            try {
                return t.open(new CaseContext(spec, Side.CHILD, null, null));
            } catch (Exception e) {
                return e;
            }
        });
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> t.open(new CaseContext(spec, Side.PARENT, null, null)));
        assertTrue(e.getMessage().contains("not a RingProducer with batch calls"), e.getMessage());
        assertTrue(child.get(30, TimeUnit.SECONDS) instanceof Exception);
    }
}
