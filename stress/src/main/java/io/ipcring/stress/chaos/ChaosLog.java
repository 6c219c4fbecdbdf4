package io.ipcring.stress.chaos;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An append-only log for chaos workers: each {@link #line} is one {@code write(2)} of the whole
 * line, with no buffering in the JVM, so a line the worker has written survives a SIGKILL right
 * after (the kernel has it; only a machine crash would lose it). A line is written whole or not at
 * all as far as a checker reading after the run can tell, except the last line of a killed
 * worker, which {@link ChaosLogs#lines(Path)} drops when it lacks its newline.
 */
public final class ChaosLog implements AutoCloseable {
    private final FileOutputStream out;
    private final Path path;

    /**
     * Opens the log for appending, creating it.
     *
     * @param path the log file
     */
    public ChaosLog(Path path) {
        this.path = path;
        try {
            this.out = new FileOutputStream(path.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open chaos log " + path, e);
        }
    }

    /**
     * Appends one line with one unbuffered write.
     *
     * @param text the line, without its newline
     */
    public void line(String text) {
        try {
            out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to chaos log " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close chaos log " + path, e);
        }
    }
}
