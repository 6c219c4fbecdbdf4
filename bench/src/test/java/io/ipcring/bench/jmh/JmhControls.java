package io.ipcring.bench.jmh;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.openjdk.jmh.infra.Control;

/**
 * JMH's {@link Control} for tests that call group benchmark methods directly. JMH's infrastructure
 * classes take field offsets from {@code sun.misc.Unsafe}, so on a JVM started with
 * {@code --sun-misc-unsafe-memory-access=deny} (the CI's Java 25 run) they cannot load: such a
 * test is skipped there, saying why, instead of failing on JMH's own code. ipcring's classes in
 * those tests run under {@code deny} in every other test.
 */
final class JmhControls {
    private JmhControls() {
    }

    /** @return a fresh control; skips the calling test when this JVM denies JMH its Unsafe */
    static Control create() {
        Assumptions.assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments()
                        .contains("--sun-misc-unsafe-memory-access=deny"),
                "JMH's Control needs sun.misc.Unsafe, which --sun-misc-unsafe-memory-access=deny refuses");
        return new Control();
    }
}
