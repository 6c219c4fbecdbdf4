package io.ipcring.sync;

import io.ipcring.sync.os.Os;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process for {@link MappedMemoryTest}: maps a file, keeps a view of it, unmaps it and
 * reads through the view. Prints {@code REFUSED} when the read throws
 * {@link IllegalStateException}, as it must on Java 22 and newer, {@code READ} when it returns;
 * a JVM that crashes prints neither.
 *
 * <p>Argument: the file, created when absent.
 */
public final class AccessAfterUnmapChild {
    private AccessAfterUnmapChild() {
    }

    /**
     * @param args the file
     * @throws IOException when the file cannot be mapped
     */
    public static void main(String[] args) throws IOException {
        MappedMemory memory;
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            memory = new MappedMemory(Os.CALLS.map(channel, false, Long.BYTES));
        }
        ByteBuffer view = memory.slice(0, Long.BYTES);
        memory.unmap();
        try {
            view.getLong(0);
            System.out.println("READ");
        } catch (IllegalStateException expected) {
            System.out.println("REFUSED");
        }
    }
}
