package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.unicast.MpscRing;
import io.ipcring.ring.unicast.SpscRing;
import io.ipcring.ring.unicast.UnicastRingOptions;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelTransportTest {
    @Test
    void placeholdersAreFilledPerDirection(@TempDir Path dir) throws Exception {
        ChannelTransport shm = (ChannelTransport) Transports.get("shm-spsc");
        assertEquals(List.of("shm:/t1-a2b?kind=spsc&capacity=65536&wait=spin", "shm:/t1-b2a?kind=spsc&capacity=65536&wait=spin"),
                shm.resolve("t1", dir, 65536));
        assertEquals("shm:/t1-a2b?kind=spsc&capacity=1048576&wait=spin", shm.resolve("t1", dir).get(0), "default capacity");
        ChannelTransport fifo = (ChannelTransport) Transports.get("fifo");
        assertEquals(List.of("fifo:" + dir + "/a2b", "fifo:" + dir + "/b2a"), fifo.resolve("t1", dir));
        List<String> sysv = ((ChannelTransport) Transports.get("sysv-mq")).resolve("t1", dir);
        assertTrue(sysv.get(0).matches("sysvmq:0x[0-9a-f]+"), sysv.get(0));
        assertNotEquals(sysv.get(0), sysv.get(1));
        List<String> tcp = ((ChannelTransport) Transports.get("tcp")).resolve("t1", dir);
        assertTrue(tcp.get(0).matches("tcp://127\\.0\\.0\\.1:\\d+"), tcp.get(0));
    }

    @Test
    void everyRingTransportIsSizedByTheCapacityAndTheOthersSayTheyAreNot() {
        for (String name : List.of("shm-spsc", "shm-spsc-batch", "shm-spsc-blocking", "shm-mpsc", "shm-broadcast", "shm-workqueue",
                "agrona-o2o", "agrona-m2o", "aeron-ipc", "journal", "journal-blocking")) {
            assertNotNull(Transports.get(name).capacityUse(), name);
        }
        for (String name : List.of("spin-baseline", "chronicle-queue", "ring-queue", "pipe", "fifo", "posix-mq",
                "sysv-mq", "unix", "tcp")) {
            assertNull(Transports.get(name).capacityUse(), name);
        }
    }

    @Test
    void theCaseCapacityReachesTheRingsBothSidesOpen(@TempDir Path dir) throws Exception {
        for (String name : List.of("shm-spsc", "shm-mpsc")) {
            String tag = TestPaths.uniqueName("bench-capacity");
            CaseSpec spec = new CaseSpec(name, 32, 0, 1, 2, 1, dir, tag, -1, 64 << 10);
            Transport t = Transports.get(name);
            t.prepare(spec);
            try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null))) {
                for (String direction : List.of("a2b", "b2a")) {
                    Path file = SharedRegion.pathOf(tag + "-" + direction);
                    int capacity;
                    if (name.equals("shm-spsc")) {
                        try (SpscRing ring = SpscRing.open(file, UnicastRingOptions.defaults())) {
                            capacity = ring.capacity();
                        }
                    } else {
                        try (MpscRing ring = MpscRing.open(file, UnicastRingOptions.defaults())) {
                            capacity = ring.capacity();
                        }
                    }
                    assertEquals(64 << 10, capacity, name + " " + direction);
                }
            } finally {
                t.removeLeftovers(spec);
            }
            assertFalse(Files.exists(SharedRegion.pathOf(tag + "-a2b")));
        }
    }

    @Test
    void unknownModeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ChannelTransport("x", "lazy", Transport.Speed.KERNEL, "unix:/{dir}/{channel}"));
    }

    @Test
    void openingWithoutTheSchemeReportsNotAvailable(@TempDir Path dir) throws Exception {
        ChannelTransport t = new ChannelTransport("x", "blocking", Transport.Speed.KERNEL, "nosuchscheme:{dir}/{channel}");
        assertTrue(t.unavailableReason().contains("'nosuchscheme'"), t.unavailableReason());
        CaseSpec spec = new CaseSpec("unix", 32, 0, 1, 2, 1, dir, "t2", -1);
        t.prepare(spec);
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> t.open(new CaseContext(spec, Side.PARENT, null, null)));
        assertTrue(e.getMessage().contains("'nosuchscheme'"), e.getMessage());
    }

    @Test
    void leftoverRingFilesAreRemovedFromTheRegionDirectory(@TempDir Path dir) throws Exception {
        String name = TestPaths.uniqueName("bench-leftover");
        Path file = SharedRegion.pathOf(name);
        Files.write(file, new byte[] {1});
        try {
            ChannelTransport.removeLeftovers(List.of("shm:/" + name + "?kind=spsc", "unix:" + dir + "/x.sock"));
            assertFalse(Files.exists(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
