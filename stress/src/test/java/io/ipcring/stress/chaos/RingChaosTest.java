package io.ipcring.stress.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short form of the ring chaos run, in {@code mvn verify}: a few kills of producers and
 * consumers, then the delivery guarantee and a working ring. Kills and seed from
 * {@code -Dipcring.chaos.kills} (default 6) and {@code -Dipcring.chaos.seed} (default 1); the
 * long form is {@link RingChaos#main}.
 */
class RingChaosTest {
    private static final int KILLS = Integer.getInteger("ipcring.chaos.kills", 6);
    private static final long SEED = Long.getLong("ipcring.chaos.seed", 1);

    @Test
    void spscSurvivesKillsOfItsProducerAndConsumer() throws Exception {
        RingChaos.Result result = new RingChaos("SPSC", 1, 1, 1500L * KILLS, 10, KILLS, SEED, line -> { })
                .run(Duration.ofMinutes(3));
        System.out.println(result);
        assertTrue(result.passed(), result.toString());
        assertEquals(KILLS, result.report().kills(), result.toString());
    }

    @Test
    void mpscSurvivesKillsOfItsProducersAndConsumer() throws Exception {
        RingChaos.Result result = new RingChaos("MPSC", 3, 1, 600L * KILLS, 10, KILLS, SEED + 1, line -> { })
                .run(Duration.ofMinutes(3));
        System.out.println(result);
        assertTrue(result.passed(), result.toString());
        assertEquals(KILLS, result.report().kills(), result.toString());
    }

    @Test
    void workQueueSurvivesKillsOfItsProducersAndConsumers() throws Exception {
        RingChaos.Result result = new RingChaos("WORK_QUEUE", 2, 2, 900L * KILLS, 10, KILLS, SEED + 2, line -> { })
                .run(Duration.ofMinutes(3));
        System.out.println(result);
        assertTrue(result.passed(), result.toString());
        assertEquals(KILLS, result.report().kills(), result.toString());
    }
}
