package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The work queue across processes: 2 producer JVMs publish unique ids, 3 consumer JVMs take them;
 * a shared tally counts how often each id was handled. The total defaults to
 * {@value #DEFAULT_MESSAGES}; a longer run: {@code -Dipcring.test.workqueue.messages=5000000}.
 */
class WorkQueueMultiProcessTest {
    static final int DEFAULT_MESSAGES = 200_000;
    static final int MESSAGES = Integer.getInteger("ipcring.test.workqueue.messages", DEFAULT_MESSAGES) / 2 * 2;
    static final int MAX_LENGTH = 200;
    static final long DEADLINE_SECONDS = 120 + MESSAGES / 10_000;

    private final TestPaths paths = new TestPaths();
    private final List<ChildJvm> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (ChildJvm child : children) {
            child.close();
        }
        paths.close();
    }

    /** Starts 3 consumers (the one at index {@code holderIndex} holding after 1000 messages, if >= 0) and 2 producers. */
    private void run(Path ring, Path tally, int holderIndex) throws Exception {
        for (int i = 0; i < 3; i++) {
            children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), WorkQueueConsumerMain.class, ring.toString(),
                    tally.toString(), Integer.toString(MESSAGES), i == holderIndex ? "1000" : "-1"));
        }
        for (int p = 0; p < 2; p++) {
            children.add(ChildJvm.start(ChildJvmFlags.forIpcring(), WorkQueueProducerMain.class, ring.toString(),
                    Integer.toString(p * MESSAGES / 2), Integer.toString(MESSAGES / 2), Integer.toString(MAX_LENGTH)));
        }
    }

    private void awaitExit(int index) throws InterruptedException {
        ChildJvm child = children.get(index);
        assertEquals(0, child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), child.output());
    }

    @Test
    void eachMessageIsHandledExactlyOnceByThreeConsumerProcesses() throws Exception {
        Path ringPath = paths.next("wqmp");
        Path tallyPath = paths.next("wqtally");
        try (WorkQueueRing ring = WorkQueueRing.create(ringPath, WorkQueueRingOptions.defaults().capacity(64 * 1024));
             WorkQueueTally tally = WorkQueueTally.create(tallyPath, MESSAGES)) {
            run(ringPath, tallyPath, -1);
            for (int i = 0; i < children.size(); i++) {
                awaitExit(i);
            }
            for (int id = 0; id < MESSAGES; id++) {
                assertEquals(1, tally.count(id), "id " + id);
            }
            assertEquals(MESSAGES, ring.stats().messages());
            assertEquals(0, ring.stats().redeliveries());
            assertEquals(0, ring.size());
        }
    }

    @Test
    void aConsumerKilledWhileHandlingAMessageLosesNothing() throws Exception {
        Path ringPath = paths.next("wqmp");
        Path tallyPath = paths.next("wqtally");
        try (WorkQueueRing ring = WorkQueueRing.create(ringPath, WorkQueueRingOptions.defaults().capacity(64 * 1024));
             WorkQueueTally tally = WorkQueueTally.create(tallyPath, MESSAGES)) {
            run(ringPath, tallyPath, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (tally.held() < 0) {
                assertTrue(System.nanoTime() < deadline, "the holding consumer never held: " + children.get(0).output());
                Thread.sleep(5);
            }
            children.get(0).kill();
            for (int i = 1; i < children.size(); i++) {
                awaitExit(i);
            }
            long held = tally.held();
            for (int id = 0; id < MESSAGES; id++) {
                assertEquals(id == held ? 2 : 1, tally.count(id), "id " + id + " (held by the killed consumer: " + held + ")");
            }
            assertEquals(1, ring.stats().redeliveries(), "the held message was taken over from the dead consumer");
            assertEquals(0, ring.size());
        }
    }
}
