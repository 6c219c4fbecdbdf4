package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch endpoint's loops, both sides in this JVM over two real SPSC rings: round trips of
 * one message, streams sent in batches (of 64, and capped by what the ring takes for a large
 * size), every message received in order; a lost one fails the receiver.
 */
class RingBatchEndpointTest {
    private static final String TEMPLATE = "shm:/{tag}-{channel}?kind=spsc&capacity=64k&wait=spin";

    private static CompletableFuture<Endpoint> openChild(RingBatchTransport t, CaseSpec spec) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return t.open(new CaseContext(spec, Side.CHILD, null, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void exchange(Path dir, int size) throws Exception {
        RingBatchTransport t = new RingBatchTransport("shm-spsc-batch", 64, TEMPLATE);
        CaseSpec spec = new CaseSpec("shm-spsc-batch", size, 10, 100, 1000, 1, dir, TestPaths.uniqueName("batch"), -1);
        t.prepare(spec);
        try {
            CompletableFuture<Endpoint> childOpen = openChild(t, spec);
            try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null));
                 Endpoint child = childOpen.get(30, TimeUnit.SECONDS)) {
                CompletableFuture<Long> childSide = CompletableFuture.supplyAsync(() -> {
                    child.echo(110);
                    child.receive(1000);
                    return child.receive(5000);
                });
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                parent.pingPong(0, 10, h);
                parent.pingPong(10, 100, h);
                parent.send(0, 1000);
                parent.send(0, 2001);
                parent.send(2001, 2999);
                long elapsed = childSide.get(60, TimeUnit.SECONDS);
                assertEquals(110, h.getTotalCount());
                assertTrue(elapsed >= 0);
            }
        } finally {
            t.removeLeftovers(spec);
        }
        for (String channel : new String[]{"a2b", "b2a"}) {
            assertTrue(Files.notExists(Path.of("/dev/shm", spec.tag() + "-" + channel)), channel);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void smallMessagesGoInBatchesOf64AndArriveInOrder(@TempDir Path dir) throws Exception {
        exchange(dir, 32);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void largeMessagesGoInTheLargestBatchTheRingTakes(@TempDir Path dir) throws Exception {
        exchange(dir, 4096);  // a 64 KiB ring's batches hold 3 of these
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLostMessageFailsTheReceiver(@TempDir Path dir) throws Exception {
        RingBatchTransport t = new RingBatchTransport("shm-spsc-batch", 64, TEMPLATE);
        CaseSpec spec = new CaseSpec("shm-spsc-batch", 8, 0, 1, 2, 1, dir, TestPaths.uniqueName("batch-lost"), -1);
        t.prepare(spec);
        try {
            CompletableFuture<Endpoint> childOpen = openChild(t, spec);
            try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null));
                 Endpoint child = childOpen.get(30, TimeUnit.SECONDS)) {
                parent.send(0, 3);
                child.receive(2);
                parent.send(0, 2);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.receive(2));
                assertTrue(e.getMessage().contains("received sequence 2, expected 0"), e.getMessage());
            }
        } finally {
            t.removeLeftovers(spec);
        }
    }
}
