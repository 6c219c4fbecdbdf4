package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.TestThreads;
import io.ipcring.ring.fanout.BroadcastRing.StartPosition;
import io.ipcring.ring.fanout.BroadcastRingTest.Collector;
import io.ipcring.testsupport.TestPaths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastGateTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void withoutSubscribersTheGateIsTheTail() {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("gate"), BroadcastRingOptions.defaults().capacity(1024))) {
            BroadcastGate gate = new BroadcastGate(ring.registry(), 1024);
            assertTrue(gate.admits(0));
            assertFalse(gate.admits(1));
            assertFalse(gate.wouldAdmit(1));
        }
    }

    @Test
    void aWriteAfterASubscriberJoinedWaitsUntilTheSubscriberAllowsIt() throws Exception {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("gate"), BroadcastRingOptions.defaults().capacity(1024));
             Publisher publisher = ring.publisher()) {
            for (int i = 0; i < 20; i++) {
                assertTrue(publisher.offer(new byte[56], 0, 56, 1)); // 64-byte records, tail 1280
            }
            BroadcastGate gate = new BroadcastGate(ring.registry(), 1024);
            assertTrue(gate.admits(1280), "cached: no subscriber, the tail");
            try (Subscriber joiner = ring.subscribe("late", StartPosition.OLDEST)) {
                long start = ((BroadcastSubscriber) joiner).position();
                assertTrue(start >= 256 && start < 1280 && start % 64 == 0, "an old record boundary: " + start);
                // a claim that overwrites the joiner's first record, with a gate cached before the join
                CompletableFuture<Void> write = CompletableFuture.runAsync(() -> gate.beforeWrite(start + 1024, start + 1088),
                        TestThreads.NEW_THREAD);
                Thread.sleep(50);
                assertFalse(write.isDone(), "the new epoch makes the producer re-read the gate: the joiner's record is not free yet");
                assertEquals(1, joiner.poll(new Collector(), 1));
                write.get(20, TimeUnit.SECONDS);
            }
        }
    }
}
