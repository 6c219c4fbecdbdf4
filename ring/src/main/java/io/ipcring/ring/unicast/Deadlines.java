package io.ipcring.ring.unicast;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Turns a caller's timeout into a {@link System#nanoTime()} deadline without overflow. */
final class Deadlines {
    private static final long FOREVER = Long.MAX_VALUE / 4;

    private Deadlines() {
    }

    /**
     * @param timeout the longest wait, negative treated as 0
     * @param unit    its unit
     * @return the deadline; about 73 years away for huge timeouts
     */
    static long of(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        long nanos = Math.min(unit.toNanos(Math.max(0, timeout)), FOREVER);
        return System.nanoTime() + nanos;
    }
}
