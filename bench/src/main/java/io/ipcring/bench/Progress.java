package io.ipcring.bench;

/**
 * The progress lines a case's parent process prints on its stderr, {@code PROGRESS phase done
 * total}, which the process running the bench turns into its own progress display.
 */
final class Progress {
    static final String PREFIX = "PROGRESS ";

    private Progress() {
    }

    static String line(String phase, long done, long total) {
        return PREFIX + phase + " " + done + " " + total;
    }

    /**
     * @param line a line from a case's stderr
     * @return {@code [phase, done, total]}, or null when the line is not a progress line
     */
    static String[] parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] words = line.substring(PREFIX.length()).trim().split(" ");
        if (words.length != 3) {
            return null;
        }
        try {
            Long.parseLong(words[1]);
            Long.parseLong(words[2]);
        } catch (NumberFormatException e) {
            return null;
        }
        return words;
    }
}
