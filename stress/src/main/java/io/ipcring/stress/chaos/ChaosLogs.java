package io.ipcring.stress.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link ChaosLog}s wrote, for checkers. */
public final class ChaosLogs {
    private ChaosLogs() {
    }

    /**
     * @param path a log file
     * @return its complete lines (a last line without its newline, cut by a kill, is dropped);
     *         empty when the file does not exist
     */
    public static List<String> lines(Path path) {
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII);
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
                lines.add(text.substring(start, end));
                start = end + 1;
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chaos log " + path, e);
        }
    }
}
