package io.ipcring.cli;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import io.ipcring.ring.journal.JournalOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Journals for the command tests: small segments, text records. */
final class Journals {
    /** 64 KiB segments, messages up to 1 KiB. */
    static final JournalOptions SMALL = JournalOptions.defaults().rollBytes(64 * 1024).maxMessageLength(1024);

    private Journals() {
    }

    /**
     * Appends {@code texts} (type 1 + index % 3) to the journal in {@code dir}, creating it.
     *
     * @return the directory
     */
    static Path withRecords(Path dir, String... texts) {
        try (Journal journal = Journal.open(dir, SMALL); JournalAppender appender = journal.appender()) {
            for (int i = 0; i < texts.length; i++) {
                byte[] bytes = texts[i].getBytes(StandardCharsets.UTF_8);
                appender.offer(bytes, 0, bytes.length, 1 + i % 3);
            }
        }
        return dir;
    }

    /** @return {@code count} records of 1000 bytes: enough for several 64 KiB segments */
    static Path withManyRecords(Path dir, int count) {
        try (Journal journal = Journal.open(dir, SMALL); JournalAppender appender = journal.appender()) {
            byte[] bytes = new byte[1000];
            for (int i = 0; i < count; i++) {
                appender.offer(bytes, 0, bytes.length, 1);
            }
        }
        return dir;
    }
}
