package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.TestPaths;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RingQueueCalls}: a {@link RingQueue}'s close ends the calls running on it and refuses later ones. */
class RingQueueCallsTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void cleanUp() {
        paths.close();
    }

    @Test
    void closeEndsBlockedCallsAndLaterCallsFail() throws Exception {
        RingQueue<String> queue = RingQueue.open(paths.next("rqt"), 2, 16, StringCodec.INSTANCE);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                queue.take();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        taker.start();
        Thread.sleep(50);
        queue.close();
        taker.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(taker.isAlive());
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertThrows(IllegalStateException.class, () -> queue.offer("x"));
        assertThrows(IllegalStateException.class, queue::size);
        assertTrue(queue.describe().endsWith("closed]"), queue.describe());
        queue.close();
    }
}
