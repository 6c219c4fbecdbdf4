package io.ipcring.cli;

import static io.ipcring.cli.BroadcastRegionInspectorTest.ME;
import static io.ipcring.cli.BroadcastRegionInspectorTest.assertRow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.FanoutFormats;
import io.ipcring.ring.fanout.InspectedConsumerMain;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import io.ipcring.ring.fanout.WorkQueueRing;
import io.ipcring.ring.fanout.WorkQueueRingDescriptor;
import io.ipcring.ring.fanout.WorkQueueRingOptions;
import io.ipcring.sync.SharedRegion;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ipcring stat} on a work-queue ring and a RingQueue file: what it prints, and one line for a corrupted file. */
class WorkQueueRegionInspectorTest {
    private final TestPaths paths = new TestPaths();
    private final Path path = paths.next("cli-wq");

    @AfterEach
    void delete() {
        paths.close();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void statShowsTheQueueTheConsumersAndTheMessageADeadConsumerHolds() throws Exception {
        WorkQueueRingOptions options = WorkQueueRingOptions.defaults().capacity(4096).producerSlots(2).consumerSlots(4);
        try (WorkQueueRing ring = WorkQueueRing.create(path, options);
             Publisher publisher = ring.publisher()) {
            for (int i = 0; i < 6; i++) {
                byte[] payload = ("m" + i).getBytes(StandardCharsets.UTF_8);
                assertTrue(publisher.offer(payload, 0, payload.length, 5));
            }
            try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), InspectedConsumerMain.class,
                    path.toString(), "1")) {
                BroadcastRegionInspectorTest.await(() -> child.output().contains("holding m1"), "the child holds m1; "
                        + child.output());
                try (Subscriber local = ring.consumer()) {
                    assertEquals(1, local.poll((type, buffer, offset, length) -> { }, 1));
                    child.kill();

                    Cli r = Cli.run("stat", path.toString());
                    assertEquals(0, r.exitCode, r.err);
                    assertRow(r.out, "kind", Pattern.quote(
                    "ring workqueue (0x00000104), layout version " + FanoutFormats.LAYOUT_VERSION));
                    assertRow(r.out, "capacity", "4096 bytes");
                    assertRow(r.out, "max messages", "no bound");
                    assertRow(r.out, "tail", "384");
                    assertRow(r.out, "reclaim", "64");
                    assertRow(r.out, "dispatch", "192");
                    assertRow(r.out, "fill", Pattern.quote("320 bytes (7.8%)"));
                    assertRow(r.out, "messages", "5 in the queue: 3 waiting, 1 in flight, 1 finished behind one in flight");
                    assertRow(r.out, "producer [0]", "pid " + ME + " alive, no claim");
                    assertRow(r.out, "consumers", "2 of 4 slots in use");
                    assertRow(r.out, "consumer [0]", "pid " + child.pid() + " dead, generation 1, 1 in flight");
                    assertRow(r.out, "consumer [1]", "pid " + ME + " alive, generation 1, 0 in flight");
                    assertRow(r.out, "in flight", Pattern.quote("position 64: message #1, type 5, 2 bytes, held by consumer [0] pid "
                            + child.pid() + " dead: will be delivered again"));
                    assertRow(r.out, "consumers waiting", Pattern.quote("0 (futex sleeps announced)"));
                    assertRow(r.out, "published", "6 messages, 12 bytes");
                    assertRow(r.out, "redeliveries", Pattern.quote("0 (taken over from dead consumers)"));
                }
            }
        }
    }

    @Test
    void aRingQueueFileShowsAsAWorkQueueBoundedByItsCapacity() {
        try (RingQueue<String> queue = RingQueue.open(path, 10, 16, StringCodec.INSTANCE)) {
            queue.add("a");
            queue.add("b");
            Cli r = Cli.run("stat", path.toString());
            assertEquals(0, r.exitCode, r.err);
            assertRow(r.out, "kind", Pattern.quote(
                    "ring workqueue (0x00000104), layout version " + FanoutFormats.LAYOUT_VERSION));
            assertRow(r.out, "max messages", Pattern.quote("10 (RingQueue capacity)"));
            assertRow(r.out, "messages", "2 in the queue: 2 waiting, 0 in flight, 0 finished behind one in flight");
        }
    }

    @Test
    void aCorruptedRecordIsOneLineOnStderr() throws Exception {
        WorkQueueRingOptions options = WorkQueueRingOptions.defaults().capacity(4096).producerSlots(2).consumerSlots(4);
        try (WorkQueueRing ring = WorkQueueRing.create(path, options);
             Publisher publisher = ring.publisher()) {
            assertTrue(publisher.offer(new byte[2], 0, 2, 5));
        }
        FileBytes.patchInt(path, WorkQueueRingDescriptor.dataOffset(2, 4)
                + WorkQueueRingDescriptor.TYPE_OFFSET, -7);
        Cli r = Cli.run("stat", path.toString());
        assertEquals(IpcringCli.EXIT_FAILURE, r.exitCode);
        assertEquals("", r.out);
        List<String> err = r.err.lines().toList();
        assertEquals(1, err.size(), r.err);
        assertTrue(err.get(0).startsWith("ipcring stat: " + path + ": corrupted ring: record at position=0 has state=0x0"
                + " length=2 type=-7"), r.err);
    }
}
