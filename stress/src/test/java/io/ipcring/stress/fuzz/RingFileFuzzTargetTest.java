package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ring-file fuzz target's cases that once failed, rerun alone. Seed 44 of {@code mpsc-ring-file},
 * cases 47 and 50: the case overwrote the one producer slot's owner word with a value naming a dead
 * process (a random word; {@code 1}) while that slot's last claim lay ahead of the consumer's head,
 * so the producer that closed could not free the slot (its close frees only a slot it still owns)
 * and the re-opened ring refused a producer with {@code RingSlotsTakenException}, the documented
 * refusal, which the target did not accept since that exception replaced the plain
 * {@code ChannelException} of before.
 */
class RingFileFuzzTargetTest {
    private static final long SEED = 44;
    private static final String TARGET = "mpsc-ring-file";

    @AfterEach
    void nothingIsLeftInDevShm() {
        String prefix = "ipcring-fuzz-" + TARGET + "-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(Paths.get("/dev/shm"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(prefix)), "a case left a file " + prefix + "*");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {47, 50})
    void aProducerSlotNamingADeadOwnerWithAClaimAheadOfTheHeadIsADocumentedRefusalOnReopen(int index) {
        try (RingFileFuzzTarget target = new RingFileFuzzTarget(true)) {
            FuzzTarget.CaseResult result = target.run(new SplittableRandom(Fuzzer.caseSeed(SEED, TARGET, index)),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(Fuzzer.CASE_TIMEOUT_SECONDS));
            // the corrupted owner word, then the refused producer on reopen, counted as detected
            assertTrue(result.malformed() >= 1, "case " + index + ": " + result);
        }
    }

    @Test
    void theWholeRunOfSeed44PassesThroughTheFuzzer() {
        FuzzReport report = Fuzzer.run(60, SEED, List.of(TARGET));
        assertTrue(report.passed(), report.toString());
        assertEquals(60, report.cases());
    }
}
