package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel adapter's open protocol and four loops, both sides in this JVM over the test-only
 * {@code testsock:} provider: whatever the real transports are, the adapter delivers every
 * message in order, in every mode.
 */
class ChannelEndpointTest {
    private static void exchange(Path dir, String mode) throws Exception {
        ChannelTransport t = new ChannelTransport("test-" + mode, mode, Transport.Speed.KERNEL,
                TestSocketChannels.SCHEME + ":{dir}/{channel}.sock");
        CaseSpec spec = new CaseSpec("unix", 64, 10, 100, 1000, 1, dir, "t", -1);
        t.prepare(spec);
        CompletableFuture<Endpoint> childOpen = CompletableFuture.supplyAsync(() -> {
            try {
                return t.open(new CaseContext(spec, Side.CHILD, null, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null)); Endpoint child = childOpen.get(30, TimeUnit.SECONDS)) {
            CompletableFuture<Long> childSide = CompletableFuture.supplyAsync(() -> {
                child.echo(110);
                child.receive(200);
                return child.receive(1000);
            });
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            parent.pingPong(0, 10, h);
            parent.pingPong(10, 100, h);
            parent.send(0, 200);
            parent.send(0, 400);
            parent.send(400, 600);
            long elapsed = childSide.get(30, TimeUnit.SECONDS);
            assertEquals(110, h.getTotalCount());
            assertEquals(true, elapsed >= 0);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void busySpinModeDeliversEverythingInOrder(@TempDir Path dir) throws Exception {
        exchange(dir, "busy-spin");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void blockingModeDeliversEverythingInOrder(@TempDir Path dir) throws Exception {
        exchange(dir, "blocking");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void backoffModeUsesTheTimedCallsAndDeliversEverythingInOrder(@TempDir Path dir) throws Exception {
        exchange(dir, "backoff");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLostMessageFailsTheLoop(@TempDir Path dir) throws Exception {
        ChannelTransport t = new ChannelTransport("test", "busy-spin", Transport.Speed.KERNEL,
                TestSocketChannels.SCHEME + ":{dir}/{channel}.sock");
        CaseSpec spec = new CaseSpec("unix", 8, 0, 1, 2, 1, dir, "t", -1);
        t.prepare(spec);
        CompletableFuture<Endpoint> childOpen = CompletableFuture.supplyAsync(() -> {
            try {
                return t.open(new CaseContext(spec, Side.CHILD, null, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Endpoint parent = t.open(new CaseContext(spec, Side.PARENT, null, null)); Endpoint child = childOpen.get(30, TimeUnit.SECONDS)) {
            parent.send(0, 3);
            child.receive(2);
            parent.send(0, 2);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.receive(2));
            assertEquals(true, e.getMessage().contains("received sequence 2, expected 0"), e.getMessage());
        }
    }
}
