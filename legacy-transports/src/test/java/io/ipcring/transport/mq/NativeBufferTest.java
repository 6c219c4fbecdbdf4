package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NativeBufferTest {
    @Test
    void bufferAndPointerShareTheSameMemory() {
        NativeBuffer memory = NativeBuffer.allocate(32);
        memory.pointer.putLong(8, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, memory.buffer.getLong(8));
        memory.buffer.putInt(20, 77);
        assertEquals(77, memory.pointer.getInt(20));
        assertEquals(32, memory.capacity());
        assertEquals(ByteOrder.nativeOrder(), memory.buffer.order());
        assertTrue(memory.pointer.isDirect());
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> NativeBuffer.allocate(0));
    }
}
