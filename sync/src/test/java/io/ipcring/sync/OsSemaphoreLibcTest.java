package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OsSemaphoreLibcTest {
    /** Constants with no C macro of that name to compare against, checked another way. */
    private static final Set<String> NOT_IN_C_HEADERS = Set.of("SEMVMX", "SEMID_DS_LONGS");
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Test
    void everyConstantMatchesThisMachinesHeaders() throws Exception {
        Map<String, Long> fromC = new HashMap<>();
        try (CPrograms programs = CPrograms.requireGcc()) {
            String output = CPrograms.run(30, List.of(programs.compile("os_semaphore_constants.c").toString()));
            for (String line : output.split("\n")) {
                String[] pair = line.split("=");
                fromC.put(pair[0], Long.parseLong(pair[1]));
            }
        }
        int compared = 0;
        for (Field field : OsSemaphoreLibc.class.getDeclaredFields()) {
            if (field.getType() != int.class || !Modifier.isStatic(field.getModifiers())
                    || NOT_IN_C_HEADERS.contains(field.getName())) {
                continue;
            }
            Long expected = fromC.get(field.getName());
            assertTrue(expected != null, "the C program prints no value for " + field.getName());
            assertEquals(expected.longValue(), field.getInt(null), field.getName());
            compared++;
        }
        assertEquals(fromC.size() - 3, compared, "every printed constant but three sizes was compared: " + fromC);
        assertEquals(6, fromC.get("SEMBUF_SIZE"), "struct sembuf is three shorts");
        assertEquals(2 * Long.BYTES, fromC.get("TIMESPEC_SIZE"), "struct timespec is two longs");
        assertTrue(fromC.get("SEMID_DS_SIZE") <= OsSemaphoreLibc.SEMID_DS_LONGS * Long.BYTES, "semid_ds fits the buffer");
    }

    @Test
    void errnoNamesAreTheSymbolsForKnownNumbersOnly() {
        assertEquals("ENOENT", OsSemaphoreLibc.errnoName(OsSemaphoreLibc.ENOENT));
        assertEquals("EIDRM", OsSemaphoreLibc.errnoName(OsSemaphoreLibc.EIDRM));
        assertEquals("EOVERFLOW", OsSemaphoreLibc.errnoName(OsSemaphoreLibc.EOVERFLOW));
        assertEquals("errno 9999", OsSemaphoreLibc.errnoName(9999));
    }

    @Test
    void realtimeDeadlineIsNormalisedAndAheadOfTheWallClock() {
        long[] timespec = new long[2];
        Instant before = Instant.now();
        OsSemaphoreLibc.realtimeDeadline(NANOS_PER_SECOND + NANOS_PER_SECOND - 1, timespec);
        Instant after = Instant.now();
        assertTrue(timespec[1] >= 0 && timespec[1] < NANOS_PER_SECOND, "tv_nsec=" + timespec[1]);
        Instant deadline = Instant.ofEpochSecond(timespec[0], timespec[1]);
        assertTrue(!deadline.isBefore(before.plusNanos(2 * NANOS_PER_SECOND - 1).minusMillis(1)), deadline + " vs " + before);
        assertTrue(!deadline.isAfter(after.plusNanos(2 * NANOS_PER_SECOND).plusMillis(1)), deadline + " vs " + after);
    }

    @Test
    void durationSplitsSecondsAndNanoseconds() {
        long[] timespec = new long[2];
        OsSemaphoreLibc.duration(3 * NANOS_PER_SECOND + 7, timespec);
        assertEquals(3, timespec[0]);
        assertEquals(7, timespec[1]);
        OsSemaphoreLibc.duration(0, timespec);
        assertEquals(0, timespec[0]);
        assertEquals(0, timespec[1]);
    }

    @Test
    void semidDsLayoutIsKnownForLinuxX8664AndAarch64Only() {
        assertEquals(80, OsSemaphoreLibc.semidDsNsemsOffset("Linux", "amd64"));
        assertEquals(64, OsSemaphoreLibc.semidDsNsemsOffset("Linux", "aarch64"));
        assertEquals(-1, OsSemaphoreLibc.semidDsNsemsOffset("Linux", "riscv64"));
        assertEquals(-1, OsSemaphoreLibc.semidDsNsemsOffset("Mac OS X", "aarch64"));
        assertEquals(-1, OsSemaphoreLibc.semidDsNsemsOffset(null, null));
    }
}
