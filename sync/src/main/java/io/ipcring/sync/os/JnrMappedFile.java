package io.ipcring.sync.os;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A mapping for Java 17–21: a {@link MappedByteBuffer}, unmapped at once through
 * {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}, open to class path code
 * without a flag on these JDKs). Never loaded on Java 22+, whose mappings are closed through their
 * arena instead. When the method is missing the mapping is left to the garbage collector.
 */
final class JnrMappedFile implements MappedFile {
    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();

    private final MappedByteBuffer buffer;
    private final long address;
    private boolean unmapped;

    private JnrMappedFile(MappedByteBuffer buffer, long address) {
        this.buffer = buffer;
        this.address = address;
    }

    static JnrMappedFile map(FileChannel channel, boolean readOnly, long size, OsCalls calls) throws IOException {
        MappedByteBuffer buffer = channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, size);
        return new JnrMappedFile(buffer, calls.address(buffer));
    }

    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public synchronized void unmap() {
        if (unmapped || INVOKE_CLEANER == null) {
            return;
        }
        unmapped = true;
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot unmap " + buffer, t);
        }
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
