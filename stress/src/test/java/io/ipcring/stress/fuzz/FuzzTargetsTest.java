package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.transport.mq.PosixMessageQueue;
import io.ipcring.transport.mq.SysVMessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FuzzTargetsTest {
    static Stream<String> targets() {
        return FrameFuzzer.TARGETS.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void eachTargetDeliversFramesReportsMalformedOnesAndRemovesWhatItCreated(String name) {
        FuzzTarget target = FrameFuzzer.TARGETS.get(name).get();
        BooleanSupplier removed = removed(target);
        long frames = 0;
        long malformed = 0;
        try {
            for (int i = 0; i < 200; i++) {
                FuzzTarget.CaseResult r = target.run(new SplittableRandom(FrameFuzzer.caseSeed(17, name, i)),
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
        // a pipe case closes both ends of its own pipe
        return () -> true;
    }
}
