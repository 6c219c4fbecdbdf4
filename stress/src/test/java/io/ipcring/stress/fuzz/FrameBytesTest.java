package io.ipcring.stress.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameBytesTest {
    @Test
    void theSameSeedGivesTheSameBytes() {
        for (long seed = 0; seed < 50; seed++) {
            assertArrayEquals(FrameBytes.stream(new SplittableRandom(seed), 1000, 5000),
                    FrameBytes.stream(new SplittableRandom(seed), 1000, 5000));
            assertArrayEquals(FrameBytes.message(new SplittableRandom(seed), 100, 108),
                    FrameBytes.message(new SplittableRandom(seed), 100, 108));
        }
    }

    @Test
    void neverLongerThanAllowed() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2000; i++) {
            int maxBytes = 1 + random.nextInt(5000);
            assertTrue(FrameBytes.stream(random, random.nextInt(3000), maxBytes).length <= maxBytes);
            assertTrue(FrameBytes.message(random, 100, 108).length <= 108);
        }
    }

    @Test
    void producesBothCleanAndMalformedStreamsAndTheControlTypesAsked() {
        SplittableRandom random = new SplittableRandom(13);
        Set<StreamOracle.Ending> endings = EnumSet.noneOf(StreamOracle.Ending.class);
        Set<Integer> types = new HashSet<>();
        int frames = 0;
        for (int i = 0; i < 500; i++) {
            StreamOracle.Expected expected = StreamOracle.decode(FrameBytes.stream(random, 200, 4096, -7), 200, -7);
            endings.add(expected.ending());
            frames += expected.spans().size();
            expected.spans().forEach(s -> types.add(s.type()));
        }
        assertEquals(EnumSet.allOf(StreamOracle.Ending.class), endings);
        assertTrue(types.contains(-7), "control type drawn");
        assertTrue(frames > 500, "mostly well-formed frames: " + frames);
    }

    @Test
    void aFrameIsHeaderAndPayload() {
        byte[] frame = FrameBytes.frame(new SplittableRandom(1), 12, 4);
        assertEquals(20, frame.length);
        assertEquals(java.util.List.of(Frame.of(4, frame, 8, 12)), StreamOracle.decode(frame, 12).frames());
    }
}
