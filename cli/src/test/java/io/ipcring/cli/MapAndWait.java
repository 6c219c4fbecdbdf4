package io.ipcring.cli;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** A child process for tests: maps a file read-only and holds it until killed (at most a minute). */
public final class MapAndWait {
    private MapAndWait() {
    }

    /**
     * @param args the file to map
     * @throws Exception if it cannot be mapped
     */
    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Paths.get(args[0]), StandardOpenOption.READ)) {
            MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            System.out.println("mapped " + mapping.capacity());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
