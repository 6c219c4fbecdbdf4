package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.function.Executable;

/**
 * Corrupts a closed ring file and checks what an inspector makes of it: a named value in a
 * {@link RingCorruptedException}, or (for a change it cannot tell from a live ring) a result;
 * never another exception. The file is restored from its pristine bytes before each change.
 */
public final class InspectorFuzz {
    /** Trials per ring kind; {@code -Dipcring.test.inspector.fuzz=N} for more. */
    public static final int TRIALS = Integer.getInteger("ipcring.test.inspector.fuzz", 500);

    private static final long[] SPECIAL = {-1, 0, 1, 7, 8, 31, 32, 4096, 1L << 32, Long.MIN_VALUE, Long.MAX_VALUE,
        Integer.MAX_VALUE, Integer.MIN_VALUE};

    private InspectorFuzz() {
    }

    /**
     * Writes one value into a copy of the pristine file and expects a {@link RingCorruptedException}
     * whose message contains {@code named}.
     */
    public static void assertCorrupted(Path path, byte[] pristine, long offset, long value, boolean wide, Executable inspect,
                                String named) throws Exception {
        Files.write(path, pristine);
        if (wide) {
            TestFiles.patchLong(path, offset, value);
        } else {
            TestFiles.patchInt(path, offset, (int) value);
        }
        RingCorruptedException e = assertThrows(RingCorruptedException.class, inspect, "offset " + offset + " = " + value);
        assertTrue(e.getMessage().contains(named) && e.getMessage().contains(path.toString()), e.getMessage());
    }

    /**
     * Seeded random values at random places in {@code [from, to)}; each trial starts from the
     * pristine file.
     *
     * @return how many trials the inspector reported as corrupted
     */
    public static int run(Path path, byte[] pristine, int from, int to, long seed, Executable inspect) throws Exception {
        Random random = new Random(seed);
        int corrupted = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Files.write(path, pristine);
            int changes = 1 + random.nextInt(3);
            StringBuilder what = new StringBuilder("seed " + seed + " trial " + trial + ":");
            for (int c = 0; c < changes; c++) {
                boolean wide = random.nextBoolean();
                long offset = (from + random.nextInt(to - from)) & (wide ? -8 : -4);
                long value = random.nextInt(3) == 0 ? random.nextLong() : SPECIAL[random.nextInt(SPECIAL.length)];
                what.append(" @").append(offset).append('=').append(value);
                if (wide) {
                    TestFiles.patchLong(path, offset, value);
                } else {
                    TestFiles.patchInt(path, offset, (int) value);
                }
            }
            try {
                inspect.execute();
            } catch (RingCorruptedException e) {
                corrupted++;
            } catch (Throwable t) {
                fail(what + " gave " + t, t);
            }
        }
        return corrupted;
    }
}
