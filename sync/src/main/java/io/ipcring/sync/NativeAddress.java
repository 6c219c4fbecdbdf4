package io.ipcring.sync;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;

/**
 * The native address of a direct buffer, through JNI's {@code GetDirectBufferAddress} (jffi), so
 * no {@code --add-exports} of {@code sun.nio.ch} is needed.
 */
final class NativeAddress {
    private NativeAddress() {
    }

    static long of(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        long address = MemoryIO.getInstance().getDirectBufferAddress(direct);
        if (address == 0) {
            throw new IllegalStateException("the JVM gave no address for direct buffer " + direct);
        }
        return address;
    }
}
