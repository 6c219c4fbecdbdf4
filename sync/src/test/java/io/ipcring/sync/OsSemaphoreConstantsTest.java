package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.OpenFlags;
import io.ipcring.sync.os.Platform;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OsSemaphoreConstantsTest {
    /** Constants with no C macro of that name to compare against, checked another way. */
    private static final Set<String> NOT_IN_C_HEADERS = Set.of("SEMVMX", "SEMID_DS_LONGS");
    /** Structure sizes the C program prints, checked against the shapes passed to the calls. */
    private static final Set<String> SIZES = Set.of("SEMID_DS_SIZE", "SEMBUF_SIZE", "TIMESPEC_SIZE");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Test
    void everyConstantMatchesThisMachinesHeaders() throws Exception {
        Map<String, Long> fromC = new HashMap<>();
        try (CPrograms programs = CPrograms.requireGcc()) {
            String output = CPrograms.run(30, List.of(programs.compile("libc_constants.c").toString()));
            for (String line : output.split("\n")) {
                String[] pair = line.split("=");
                fromC.put(pair[0], Long.parseLong(pair[1]));
            }
        }
        Set<String> compared = new HashSet<>();
        for (Class<?> owner : List.of(OsSemaphoreConstants.class, OpenFlags.class)) {
            for (Field field : owner.getDeclaredFields()) {
                if (field.getType() != int.class || !Modifier.isStatic(field.getModifiers())
                        || NOT_IN_C_HEADERS.contains(field.getName())) {
                    continue;
                }
                String name = owner.getSimpleName() + "." + field.getName();
                Long expected = fromC.get(field.getName());
                assertTrue(expected != null, "the C program prints no value for " + name);
                assertEquals(expected.longValue(), field.getInt(null), name);
                compared.add(field.getName());
            }
        }
        for (Map.Entry<String, Long> printed : fromC.entrySet()) {
            if (printed.getKey().startsWith("E")) {
                assertEquals(printed.getValue().longValue(), Errno.class.getField(printed.getKey()).getInt(null),
                        "Errno." + printed.getKey());
                compared.add(printed.getKey());
            }
        }
        Set<String> unchecked = new TreeSet<>(fromC.keySet());
        unchecked.removeAll(compared);
        unchecked.removeAll(SIZES);
        assertEquals(Set.of(), unchecked, "every printed constant but the sizes was compared");
        assertEquals(6, fromC.get("SEMBUF_SIZE"), "struct sembuf is three shorts");
        assertEquals(2 * Long.BYTES, fromC.get("TIMESPEC_SIZE"), "struct timespec is two longs");
        assertTrue(fromC.get("SEMID_DS_SIZE") <= OsSemaphoreConstants.SEMID_DS_LONGS * Long.BYTES,
                "semid_ds fits the buffer");
    }

    @Test
    void realtimeDeadlineIsNormalisedAndAheadOfTheWallClock() {
        long[] timespec = new long[2];
        Instant before = Instant.now();
        OsSemaphoreConstants.realtimeDeadline(NANOS_PER_SECOND + NANOS_PER_SECOND - 1, timespec);
        Instant after = Instant.now();
        assertTrue(timespec[1] >= 0 && timespec[1] < NANOS_PER_SECOND, "tv_nsec=" + timespec[1]);
        Instant deadline = Instant.ofEpochSecond(timespec[0], timespec[1]);
        assertTrue(!deadline.isBefore(before.plusNanos(2 * NANOS_PER_SECOND - 1).minusMillis(1)), deadline + " vs " + before);
        assertTrue(!deadline.isAfter(after.plusNanos(2 * NANOS_PER_SECOND).plusMillis(1)), deadline + " vs " + after);
    }

    @Test
    void durationSplitsSecondsAndNanoseconds() {
        long[] timespec = new long[2];
        OsSemaphoreConstants.duration(3 * NANOS_PER_SECOND + 7, timespec);
        assertEquals(3, timespec[0]);
        assertEquals(7, timespec[1]);
        OsSemaphoreConstants.duration(0, timespec);
        assertEquals(0, timespec[0]);
        assertEquals(0, timespec[1]);
    }

    @Test
    void semidDsLayoutIsKnownForLinuxX8664AndAarch64Only() {
        assertEquals(80, OsSemaphoreConstants.semidDsNsemsOffset(Platform.of("Linux", "amd64")));
        assertEquals(64, OsSemaphoreConstants.semidDsNsemsOffset(Platform.of("Linux", "aarch64")));
        assertEquals(-1, OsSemaphoreConstants.semidDsNsemsOffset(Platform.of("Linux", "riscv64")));
        assertEquals(-1, OsSemaphoreConstants.semidDsNsemsOffset(Platform.of("Mac OS X", "aarch64")));
        assertEquals(-1, OsSemaphoreConstants.semidDsNsemsOffset(Platform.of(null, null)));
    }
}
