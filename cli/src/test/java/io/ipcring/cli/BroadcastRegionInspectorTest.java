package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.BroadcastRing;
import io.ipcring.ring.fanout.BroadcastRingDescriptor;
import io.ipcring.ring.fanout.BroadcastRingOptions;
import io.ipcring.ring.fanout.FanoutFormats;
import io.ipcring.ring.fanout.InspectedSubscriberMain;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ipcring stat} on a broadcast ring: what it prints, and one line for a corrupted file. */
class BroadcastRegionInspectorTest {
    static final long ME = ProcessHandle.current().pid();
    static final String AGO = "(just now|\\d+ ms ago|[\\d.]+ s ago|\\d+ min ago)";

    private final TestPaths paths = new TestPaths();
    private final Path path = paths.next("cli-bc");

    @AfterEach
    void delete() {
        paths.close();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    /** Asserts that some line is the label, spaces, then a value matching the regex. */
    static void assertRow(String out, String label, String valueRegex) {
        Pattern row = Pattern.compile("  " + Pattern.quote(label) + " +" + valueRegex);
        assertTrue(out.lines().anyMatch(l -> row.matcher(l).matches()), "no row '" + label + "' = " + valueRegex + " in\n" + out);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void statShowsEverySubscriberWithLivenessPositionLagAndHeartbeat() throws Exception {
        BroadcastRingOptions options = BroadcastRingOptions.defaults().capacity(4096).producerSlots(2).subscriberSlots(4)
                .livenessTimeout(5, TimeUnit.MINUTES);
        try (BroadcastRing ring = BroadcastRing.create(path, options);
             ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), InspectedSubscriberMain.class,
                     path.toString(), "child", "3")) {
            await(() -> ring.subscribers().size() == 1, "the child attaches; " + child.output());
            try (Publisher publisher = ring.publisher();
                 Subscriber local = ring.subscribe("local", BroadcastRing.StartPosition.LATEST)) {
                for (int i = 0; i < 5; i++) {
                    assertTrue(publisher.offer(new byte[24], 0, 24, 7));
                }
                assertEquals(2, local.poll((type, buffer, offset, length) -> { }, 2));
                await(() -> child.output().contains("received 3"), "the child reads 3; " + child.output());
                child.kill();

                Cli r = Cli.run("stat", path.toString());
                assertEquals(0, r.exitCode, r.err);
                assertRow(r.out, "kind", Pattern.quote(
                    "ring broadcast (0x00000103), layout version " + FanoutFormats.LAYOUT_VERSION));
                assertRow(r.out, "capacity", "4096 bytes");
                assertRow(r.out, "max message", options.maxMessageLength() + " bytes");
                assertRow(r.out, "liveness timeout", "300000 ms");
                assertRow(r.out, "claim", "160");
                assertRow(r.out, "tail", "160");
                assertRow(r.out, "uncommitted", "0 bytes");
                assertRow(r.out, "gating position", "64");
                assertRow(r.out, "fill", Pattern.quote("96 bytes (2.3%) unread by the slowest gating subscriber"));
                assertRow(r.out, "joins (epoch)", "2");
                assertRow(r.out, "producers", "1 of 2 slots in use");
                assertRow(r.out, "producer [0]", "pid " + ME + " alive, no claim");
                assertRow(r.out, "subscribers", "2 of 4 slots in use");
                assertRow(r.out, "subscriber [0]", "'child' pid " + child.pid() + " dead, position 96, lag 64 bytes, heartbeat " + AGO);
                assertRow(r.out, "subscriber [1]", "'local' pid " + ME + " alive, position 64, lag 96 bytes, heartbeat " + AGO);
                assertRow(r.out, "subscribers waiting", Pattern.quote("0 (futex sleeps announced)"));
                assertRow(r.out, "producers waiting", Pattern.quote("0 (futex sleeps announced)"));
                assertRow(r.out, "published", "5 messages, 120 bytes");
                assertRow(r.out, "releases", Pattern.quote("0 (subscribers that stopped polling)"));

                Cli watched = Cli.run("stat", "--watch", "--interval", "10", "--count", "2", path.toString());
                assertEquals(0, watched.exitCode, watched.err);
                assertEquals(2, watched.out.lines().filter(l -> l.matches("  subscriber \\[0\\] +'child' .*")).count(),
                        watched.out);
            }
        }
    }

    @Test
    void aCorruptedRingIsOneLineOnStderrAndNoReport() throws Exception {
        BroadcastRingOptions options = BroadcastRingOptions.defaults().capacity(4096).producerSlots(2).subscriberSlots(4);
        try (BroadcastRing ring = BroadcastRing.create(path, options)) {
            ring.subscribe("left", BroadcastRing.StartPosition.LATEST);
        }
        FileBytes.patchInt(path, BroadcastRingDescriptor.subscriberSlotTableOffset(2)
                + BroadcastRingDescriptor.SUBSCRIBER_NAME_LENGTH_OFFSET, 1 << 30);
        Cli r = Cli.run("stat", path.toString());
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode);
        assertEquals("", r.out);
        assertEquals(List.of("ipcring stat: " + path + ": corrupted ring: subscriber slot 0 has nameLength=1073741824"
                + " outside [0, 64]"), r.err.lines().toList());
        assertFalse(r.err.contains("Exception"), r.err);
    }
}
