package io.ipcring.testsupport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and overwrites little-endian words of a file through its channel, as a corruption, a
 * foreign writer or an inspector would: through the page cache, so the stores of a live mapping
 * of the file are seen and a patch is seen by the next mapping.
 */
public final class FileBytes {
    private FileBytes() {
    }

    /**
     * Overwrites an int.
     *
     * @param path   the file
     * @param offset where the int starts
     * @param value  the new value
     * @throws IOException if the file cannot be opened or written
     */
    public static void patchInt(Path path, long offset, int value) throws IOException {
        write(path, offset, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value));
    }

    /**
     * Overwrites a long.
     *
     * @param path   the file
     * @param offset where the long starts
     * @param value  the new value
     * @throws IOException if the file cannot be opened or written
     */
    public static void patchLong(Path path, long offset, long value) throws IOException {
        write(path, offset, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    /**
     * Reads a long.
     *
     * @param path   the file
     * @param offset where the long starts
     * @return its value
     * @throws IOException  if the file cannot be opened or read
     * @throws EOFException if the file ends before the long does
     */
    public static long readLong(Path path, long offset) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, offset + bytes.position()) < 0) {
                    throw new EOFException("path=" + path + " ends at size=" + channel.size()
                            + " before the long at offset=" + offset);
                }
            }
        }
        return bytes.getLong(0);
    }

    private static void write(Path path, long offset, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, offset + bytes.position());
            }
        }
    }
}
