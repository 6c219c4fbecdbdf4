package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NativeAddressTest {
    @Test
    void aDirectBufferHasAnAddressAndSlicesAreOffsetFromIt() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        long address = NativeAddress.of(buffer);
        assertNotEquals(0L, address);
        assertEquals(address + 16, NativeAddress.of(buffer.slice(16, 8)));
    }

    @Test
    void aHeapBufferIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> NativeAddress.of(ByteBuffer.allocate(8)));
    }
}
