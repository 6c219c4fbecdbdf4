package io.ipcring.stress.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The journal chaos run: SIGKILLs of appenders and named readers, a claim held by a killed
 * appender, then each reader's delivery guarantee, an in-order replay of every committed message
 * and the held claim repaired. The short form runs in {@code mvn verify}
 * ({@code -Dipcring.journal.chaos.kills}, default 10; seed {@code -Dipcring.chaos.seed}, default
 * 1); the long form, 200 kills, with {@code -Dipcring.journal.chaos.long=true} (or
 * {@link JournalChaos#main}).
 */
class JournalChaosTest {
    private static final int KILLS = Integer.getInteger("ipcring.journal.chaos.kills", 10);
    private static final int LONG_KILLS = 200;
    private static final long SEED = Long.getLong("ipcring.chaos.seed", 1);

    @Test
    void appendersAndNamedReadersSurviveKillsAndTheJournalReplaysInOrder() throws Exception {
        check(KILLS, Duration.ofMinutes(4));
    }

    @Test
    @EnabledIfSystemProperty(named = "ipcring.journal.chaos.long", matches = "true")
    void theLongFormSurvivesTwoHundredKills() throws Exception {
        check(LONG_KILLS, Duration.ofMinutes(30));
    }

    private static void check(int kills, Duration timeout) throws InterruptedException {
        JournalChaos.Result result = new JournalChaos(10_000L * kills, kills, 1_500, SEED, line -> { }).run(timeout);
        System.out.println(result);
        assertTrue(result.passed(), result.toString());
        assertEquals(kills, result.report().kills(), result.toString());
        assertTrue(result.repairs() >= 1 && result.rolls() >= 2, result.toString());
    }
}
