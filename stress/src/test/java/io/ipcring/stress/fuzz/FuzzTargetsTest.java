package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.transport.mq.PosixMessageQueue;
import io.ipcring.transport.mq.SysVMessageQueue;
import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FuzzTargetsTest {
    static Stream<String> targets() {
        return Fuzzer.TARGETS.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void eachTargetDeliversFramesReportsMalformedOnesAndRemovesWhatItCreated(String name) {
        FuzzTarget target = Fuzzer.TARGETS.get(name).get();
        BooleanSupplier removed = removed(target);
        long frames = 0;
        long malformed = 0;
        try {
            for (int i = 0; i < 200; i++) {
                FuzzTarget.CaseResult r = target.run(new SplittableRandom(Fuzzer.caseSeed(17, name, i)),
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
                frames += r.frames();
                malformed += r.malformed();
            }
        } finally {
            target.close();
        }
        assertTrue(frames > 50 && malformed > 20, name + ": " + frames + " frames, " + malformed + " malformed");
        assertTrue(removed.getAsBoolean(), name + " left what it created");
    }

    /** @return a check that what the target created (directory, queue) is gone */
    private static BooleanSupplier removed(FuzzTarget target) {
        if (target instanceof SocketFuzzTarget) {
            Path dir = ((SocketFuzzTarget) target).directory();
            return () -> Files.notExists(dir);
        }
        if (target instanceof FifoFuzzTarget) {
            Path dir = ((FifoFuzzTarget) target).directory();
            return () -> Files.notExists(dir);
        }
        if (target instanceof PosixMqFuzzTarget) {
            String queue = ((PosixMqFuzzTarget) target).queueName();
            return () -> !PosixMessageQueue.exists(queue);
        }
        if (target instanceof SysVMqFuzzTarget) {
            int key = ((SysVMqFuzzTarget) target).key();
            return () -> !SysVMessageQueue.exists(key);
        }
        if (target instanceof RingFileFuzzTarget || target instanceof CloseRacingUseFuzzTarget
                || target instanceof RingFileSwapFuzzTarget || target instanceof JournalFileFuzzTarget) {
            String prefix = "ipcring-fuzz-" + target.name() + "-" + ProcessHandle.current().pid() + "-";
            return () -> {
                try (Stream<Path> files = Files.list(Paths.get("/dev/shm"))) {
                    return files.noneMatch(f -> f.getFileName().toString().startsWith(prefix));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
        // a pipe case closes both ends of its own pipe
        return () -> true;
    }
}
