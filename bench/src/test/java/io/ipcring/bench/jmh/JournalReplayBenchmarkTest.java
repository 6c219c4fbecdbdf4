package io.ipcring.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.bench.Transports;
import io.ipcring.testsupport.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.annotations.Fork;

/**
 * The replay benchmark's methods called directly, without JMH, on 3,000 records: each
 * invocation reads the next {@value JournalReplayBenchmark#BATCH} sequences, going back to the
 * first record at the end, and the tear-down deletes the files. Chronicle's side runs in a child
 * JVM with Chronicle's flags ({@link ChronicleMain}), which this JVM does not have; the journal's
 * runs here, with none.
 */
@Timeout(120)
class JournalReplayBenchmarkTest {
    private static final int RECORDS = 3000;
    /** What five invocations return: the last sequence read, wrapping after record 2999. */
    private static final List<Long> LAST_SEQUENCES = List.of(1023L, 2047L, 71L, 1095L, 2119L);

    private final JournalReplayBenchmark benchmark = new JournalReplayBenchmark();

    @Test
    void theJournalIsReplayedFromTheStartInBatchesAgainAndAgainAndItsFilesDeleted() {
        JournalReplayBenchmark.JournalState state = new JournalReplayBenchmark.JournalState();
        state.records = RECORDS;
        state.size = 32;
        state.setup();
        Path dir = state.dir;
        try {
            assertTrue(state.journal.isReadOnly(), "replayed read-only");
            for (long expected : LAST_SEQUENCES) {
                assertEquals(expected, benchmark.journal(state));
            }
        } finally {
            state.tearDown();
        }
        assertFalse(Files.exists(dir), dir + " deleted");
    }

    @Test
    void chroniclesForkHasTheBenchsChronicleFlagsAndTheJournalsNone() throws Exception {
        Fork chronicle = JournalReplayBenchmark.class.getMethod("chronicle", JournalReplayBenchmark.ChronicleState.class)
                .getAnnotation(Fork.class);
        assertEquals(Transports.get("chronicle-queue").jvmFlags(), Arrays.asList(chronicle.jvmArgsAppend()));
        Fork journal = JournalReplayBenchmark.class.getMethod("journal", JournalReplayBenchmark.JournalState.class)
                .getAnnotation(Fork.class);
        assertEquals(List.of(Fork.BLANK_ARGS), Arrays.asList(journal.jvmArgsAppend()));
        assertEquals(List.of(Fork.BLANK_ARGS), Arrays.asList(journal.jvmArgs()));
    }

    @Test
    void chroniclesTailerIsReplayedTheSameWayInAJvmWithItsFlags() throws Exception {
        try (ChildJvm child = ChildJvm.start(Transports.get("chronicle-queue").jvmFlags(), ChronicleMain.class,
                Integer.toString(RECORDS))) {
            assertEquals(0, child.waitFor(90, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("last sequences " + LAST_SEQUENCES + " deleted true"), child.output());
        }
    }

    /** Child: Chronicle's state and five invocations; prints what they return and whether the queue was deleted. */
    public static final class ChronicleMain {
        /**
         * @param args records
         * @throws Exception on any failure, which fails the test through the exit code
         */
        public static void main(String[] args) throws Exception {
            JournalReplayBenchmark.ChronicleState state = new JournalReplayBenchmark.ChronicleState();
            state.records = Integer.parseInt(args[0]);
            state.size = 32;
            state.setup();
            Long[] last = new Long[LAST_SEQUENCES.size()];
            try {
                for (int i = 0; i < last.length; i++) {
                    last[i] = new JournalReplayBenchmark().chronicle(state);
                }
            } finally {
                state.tearDown();
            }
            System.out.println("last sequences " + Arrays.asList(last) + " deleted " + !Files.exists(state.dir));
        }
    }
}
