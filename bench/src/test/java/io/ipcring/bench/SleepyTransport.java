package io.ipcring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A transport whose round trips each sleep {@link #ROUND_TRIP_MILLIS}, for tests of a case that
 * runs long without using a CPU: its parent side creates a file outside the case's directory
 * ({@link #leftover}), which {@link #removeLeftovers} deletes; named on the command line as
 * {@code class:} + class name.
 */
public final class SleepyTransport implements Transport {
    /** How long each round trip sleeps. */
    public static final long ROUND_TRIP_MILLIS = 10;

    /**
     * @param spec the case
     * @return the file the case's parent side creates beside its directory
     */
    public static Path leftover(CaseSpec spec) {
        return spec.workDir().resolveSibling(spec.tag() + ".sleepy");
    }

    @Override
    public String name() {
        return Transports.CLASS_PREFIX + getClass().getName();
    }

    @Override
    public String mode() {
        return "sleeping";
    }

    @Override
    public Speed speed() {
        return Speed.KERNEL;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean parentOpensFirst() {
        return false;
    }

    @Override
    public void prepare(CaseSpec spec) throws IOException {
        Files.createFile(leftover(spec));
    }

    @Override
    public void removeLeftovers(CaseSpec spec) {
        try {
            Files.deleteIfExists(leftover(spec));
        } catch (IOException e) {
            // must not throw: the case's log shows it, and the test finds the file left
            System.err.println("cannot delete path=" + leftover(spec) + ": " + e);
        }
    }

    @Override
    public Endpoint open(CaseContext context) {
        return new Endpoint() {
            @Override
            public void pingPong(long firstSequence, int count, Histogram histogram) {
                for (int i = 0; i < count; i++) {
                    sleep(ROUND_TRIP_MILLIS);
                    histogram.recordValue(TimeUnit.MILLISECONDS.toNanos(ROUND_TRIP_MILLIS));
                }
            }

            @Override
            public void echo(int count) {
                sleep(count * ROUND_TRIP_MILLIS);
            }

            @Override
            public void send(long firstSequence, long count) {
            }

            @Override
            public long receive(long count) {
                return 1;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping " + millis + " ms", e);
        }
    }
}
