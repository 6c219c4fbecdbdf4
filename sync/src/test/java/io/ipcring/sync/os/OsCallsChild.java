package io.ipcring.sync.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child JVM of {@link OsCallsTest}: uses the binding as the library does (a futex wake, a map and
 * an unmap) and prints the binding's name, so the parent can read from {@code -verbose:class}
 * which classes that loaded. Touches nothing but {@link Os} and the JDK.
 *
 * <p>Argument: a directory for the mapped file, which is deleted before exit.
 */
public final class OsCallsChild {
    /** Linux's {@code FUTEX_WAKE}. */
    private static final int FUTEX_WAKE = 1;

    private OsCallsChild() {
    }

    /**
     * @param args the directory for the mapped file
     * @throws IOException when the file cannot be made or mapped
     */
    public static void main(String[] args) throws IOException {
        OsCalls calls = Os.CALLS;
        ByteBuffer word = ByteBuffer.allocateDirect(8);
        long woken = calls.syscall(Platform.CURRENT.futexSyscall(), calls.address(word), FUTEX_WAKE, 1, 0, 0);
        if (woken != 0) {
            throw new IllegalStateException("futex wake of an unwaited word gave " + woken
                    + ", errno " + calls.errno());
        }
        Path file = Files.createTempFile(Path.of(args[0]), "child-map", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedFile mapped = calls.map(channel, false, 4096);
            mapped.buffer().putInt(0, 42);
            mapped.unmap();
        } finally {
            Files.delete(file);
        }
        System.out.println("BINDING " + Os.bindingName());
    }
}
