package io.ipcring.bench.jmh;

import io.ipcring.sync.Futex;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one futex system call through the native layer of the running JVM — jnr-ffi on
 * Java 17–21, {@code java.lang.foreign} on 22+ (JMH's "# VM version" line says which): a wake
 * with nobody asleep (what a producer pays when a consumer announced a sleep that already ended)
 * and a wait whose expected value is stale, which the kernel refuses at once with EAGAIN (the
 * round trip into the kernel and back, errno captured). Neither sleeps, so each figure is the
 * call's own overhead plus the kernel's; run with {@code -prof gc} for the bytes per call. The
 * region file is deleted in the {@code @TearDown}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FutexBenchmark {
    private static final RegionFormat FORMAT = new RegionFormat(0x7e57, 1, "futex-benchmark");
    /** The futex word: the first aligned word after the region header. */
    private static final int WORD = RegionHeader.LENGTH;

    private Path path;
    private SharedRegion region;

    /** Creates the region holding the futex word (value 0). */
    @Setup
    public void setup() {
        path = SharedRegion.pathOf("ipcring-jmh-futex-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        region = SharedRegion.create(path, FORMAT, RegionHeader.LENGTH + 64, RegionAccess.OWNER, memory -> { });
    }

    /** Unmaps and deletes the region file. */
    @TearDown
    public void tearDown() {
        region.close();
        SharedRegion.delete(path);
    }

    /** @return how many were woken (0): FUTEX_WAKE with no sleeper */
    @Benchmark
    public int wakeNobody() {
        return Futex.wake(region.memory(), WORD, 1);
    }

    /** @return VALUE_CHANGED: FUTEX_WAIT refused at once because the word is not 1 */
    @Benchmark
    public Futex.WaitResult waitOnStaleValue() {
        return Futex.wait(region.memory(), WORD, 1, -1);
    }
}
