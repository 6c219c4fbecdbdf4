package io.ipcring.sync;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} at once through {@code sun.misc.Unsafe.invokeCleaner}, which
 * lives in the {@code jdk.unsupported} module: it is exported and open to every class path
 * application, so no JVM flag is needed (checked on Java 17 and 25). When the method is missing
 * the mapping is left to the garbage collector, which unmaps it when the buffer is unreachable.
 */
final class Unmapper {
    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();

    private Unmapper() {
    }

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot unmap " + buffer, t);
        }
    }

    /** @return true when mappings are released at once rather than by the garbage collector */
    static boolean isImmediate() {
        return INVOKE_CLEANER != null;
    }

    private static MethodHandle findInvokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            MethodHandle handle = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return handle.bindTo(unsafe).asType(MethodType.methodType(void.class, MappedByteBuffer.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
