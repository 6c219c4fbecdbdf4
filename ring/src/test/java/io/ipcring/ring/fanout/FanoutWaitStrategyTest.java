package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.channel.Subscriber;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.MappedMemory;
import io.ipcring.testsupport.TestPaths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fan-out rings wait the way their options say: a subscriber or consumer whose timed poll
 * finds nothing sleeps on the ring's not-empty signal (arming it) only with
 * {@link WaitStrategy#BLOCKING}; with any other strategy the signal stays unarmed, so the
 * producers' commits keep paying no fence.
 */
class FanoutWaitStrategyTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void aBroadcastSubscriberWaitsWithItsRingsStrategy(WaitStrategy strategy) throws Exception {
        try (BroadcastRing ring = BroadcastRing.create(paths.next("broadcast-wait"),
                BroadcastRingOptions.defaults().capacity(4096).waitStrategy(strategy));
             Subscriber subscriber = ring.subscribe("s", BroadcastRing.StartPosition.LATEST)) {
            assertEquals(0, subscriber.poll((type, buffer, offset, length) -> { }, 1, 40, TimeUnit.MILLISECONDS));
            assertEquals(strategy == WaitStrategy.BLOCKING ? FanoutIdle.ARMED : 0,
                    armed(ring.memory(), BroadcastRingDescriptor.NOT_EMPTY_OFFSET), strategy.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void aWorkQueueConsumerWaitsWithItsRingsStrategy(WaitStrategy strategy) throws Exception {
        try (WorkQueueRing ring = WorkQueueRing.create(paths.next("workqueue-wait"),
                WorkQueueRingOptions.defaults().capacity(4096).waitStrategy(strategy));
             Subscriber consumer = ring.consumer()) {
            assertEquals(0, consumer.poll((type, buffer, offset, length) -> { }, 1, 40, TimeUnit.MILLISECONDS));
            assertEquals(strategy == WaitStrategy.BLOCKING ? FanoutIdle.ARMED : 0,
                    armed(ring.memory(), WorkQueueRingDescriptor.NOT_EMPTY_OFFSET), strategy.toString());
        }
    }

    private static int armed(MappedMemory memory, int signal) {
        return memory.getIntVolatile(signal + FanoutIdle.ARMED_WORD_OFFSET) & FanoutIdle.ARMED;
    }
}
