package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TakenElement}: an element the codec cannot decode is taken all the same and reported with its bytes. */
class TakenElementTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void anElementTheCodecCannotDecodeIsTakenAndReportedWithItsBytes() {
        Path path = paths.next("rqt");
        try (RingQueue<String> queue = RingQueue.open(path, 8, 64, new PoisonCodec())) {
            queue.add("a");
            queue.add("poison");
            queue.add("null");
            queue.add("b");
            assertEquals("a", queue.poll());
            UndecodableElementException e = assertThrows(UndecodableElementException.class, queue::poll);
            assertArrayEquals("poison".getBytes(StandardCharsets.UTF_8), e.bytes());
            assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
            assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
            UndecodableElementException nullDecoded = assertThrows(UndecodableElementException.class, queue::poll);
            assertArrayEquals("null".getBytes(StandardCharsets.UTF_8), nullDecoded.bytes());
            assertEquals("b", queue.poll(), "the queue goes on after the elements the codec failed on");
            assertEquals(0, queue.size());
        }
    }
}
