package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.Os;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeBufferTest {
    @Test
    void whatANativeCallWritesAtTheAddressIsInTheBuffer() {
        NativeBuffer memory = NativeBuffer.allocate(32);
        long before = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
        assertEquals(0, Os.CALLS.clock_gettime(QueueLibc.CLOCK_REALTIME, memory.address + 8));
        long seconds = memory.buffer.getLong(8 + Timespec.SECONDS_OFFSET);
        assertTrue(seconds >= before && seconds <= before + 1, seconds + " is not about " + before);
        assertEquals(0, memory.buffer.getLong(0), "nothing before the address it was given");
        assertEquals(32, memory.capacity());
        assertEquals(ByteOrder.nativeOrder(), memory.buffer.order());
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(0));
    }
}
