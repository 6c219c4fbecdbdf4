package io.ipcring.stress.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingChaosCheckTest {
    @TempDir
    Path dir;

    @Test
    void exactlyOnceWithARedeliveredBatchInFlightPasses() throws IOException {
        log("committed-0.log", "0 0", "0 1", "0 2", "1 0");
        log("delivered-0.log", "start 0", "0 0 0", "ack", "0 0 1", "0 0 2", "start 1", "0 0 1", "0 0 2", "ack", "0 1 0", "ack");
        RingChaosCheck.Verdict v = RingChaosCheck.check(dir, 1, 1, true);
        assertTrue(v.passed(), v.problems().toString());
        assertEquals(4, v.committed());
        assertEquals(4, v.delivered());
        assertEquals(2, v.redeliveries());
        assertEquals(1, v.inFlight());
    }

    @Test
    void aCommittedMessageNeverDeliveredFails() throws IOException {
        log("committed-0.log", "0 0", "0 1");
        log("delivered-0.log", "start 0", "0 0 0", "ack");
        assertProblem("message 0 0 1 was committed (logged) but never delivered");
    }

    @Test
    void aRedeliveryAfterAnAcknowledgedBatchFails() throws IOException {
        log("committed-0.log", "0 0");
        log("delivered-0.log", "start 0", "0 0 0", "ack", "start 1", "0 0 0", "ack");
        assertProblem("delivered 2 times, but only 0 of those deliveries were in flight at a consumer kill");
    }

    @Test
    void onlyTheCommitRightAfterAKilledIncarnationsLastLogLineMayBeMissingFromTheLog() throws IOException {
        log("committed-0.log", "0 0", "1 0");
        log("delivered-0.log", "start 0", "0 0 0", "0 0 1", "ack", "0 1 0", "0 1 2", "ack");
        RingChaosCheck.Verdict v = RingChaosCheck.check(dir, 1, 1, true);
        assertEquals(List.of("message 0 1 2 was delivered but never logged as committed, and is not the one commit a kill can"
                + " keep out of the log (expected seq 1 of producer incarnation 0 1)"), v.problems());
        assertEquals(2, v.unlogged());
    }

    @Test
    void messagesOfOneProducerOutOfCommitOrderFail() throws IOException {
        log("committed-0.log", "0 0", "0 1");
        log("delivered-0.log", "start 0", "0 0 1", "0 0 0", "ack");
        assertProblem("arrived after (incarnation 0, seq 1)");
    }

    @Test
    void aDamagedMessageFails() throws IOException {
        log("committed-0.log");
        log("delivered-0.log", "start 0", "damaged type=1 length=30");
        assertProblem("damaged message");
    }

    @Test
    void interleavedProducersAreCheckedEachInItsOwnOrder() throws IOException {
        log("committed-0.log", "0 0", "0 1");
        log("committed-1.log", "0 0", "0 1");
        log("delivered-0.log", "start 0", "1 0 0", "0 0 0", "1 0 1", "ack", "0 0 1", "ack");
        assertTrue(RingChaosCheck.check(dir, 2, 1, true).passed());
    }

    private void assertProblem(String expected) {
        RingChaosCheck.Verdict v = RingChaosCheck.check(dir, 1, 1, true);
        assertTrue(v.problems().stream().anyMatch(p -> p.contains(expected)), v.problems().toString());
    }

    private void log(String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    }

    @Test
    void aWorkQueueMayRedeliverOnlyTheMessageADeadConsumerWasHandlingWhicheverConsumerGetsItAgain() throws IOException {
        log("committed-0.log", "0 0", "0 1", "0 2");
        // consumer 1 re-delivers 0 0 1, which consumer 0 was handling when it was killed (its log is read second)
        log("delivered-1.log", "start 0", "0 0 1", "ack", "0 0 2", "ack", "exit");
        log("delivered-0.log", "start 0", "0 0 0", "ack", "0 0 1", "start 1", "exit");
        RingChaosCheck.Verdict v = RingChaosCheck.check(dir, 1, 2, false);
        assertTrue(v.passed(), v.problems().toString());
        assertEquals(1, v.redeliveries());
        assertEquals(1, v.inFlight());
    }

    @Test
    void aWorkQueueMessageDeliveredTwiceWithoutAKillFails() throws IOException {
        log("committed-0.log", "0 0", "0 1");
        log("delivered-0.log", "start 0", "0 0 0", "0 0 1", "ack", "exit");
        log("delivered-1.log", "start 0", "0 0 0", "ack", "exit");
        RingChaosCheck.Verdict v = RingChaosCheck.check(dir, 1, 2, false);
        assertEquals(List.of("message 0 0 0 delivered 2 times, but only 0 of those deliveries were in flight at a consumer kill"),
                v.problems());
    }

    @Test
    void inAWorkQueueOnlyTheLastMessageOfAKilledIncarnationCounts() throws IOException {
        log("committed-0.log", "0 0", "0 1");
        log("delivered-0.log", "start 0", "0 0 0", "0 0 1", "start 1", "0 0 0", "ack", "exit");
        RingChaosCheck.Verdict v = RingChaosCheck.check(dir, 1, 1, false);
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertTrue(v.problems().get(0).startsWith("message 0 0 0 delivered 2 times"), v.problems().toString());
    }
}
