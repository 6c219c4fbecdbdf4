package io.ipcring.cli;

import io.ipcring.channel.ChannelUri;
import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import io.ipcring.ring.journal.JournalUri;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code ipcring tail journal:…}: prints a journal's records, each with its sequence and time,
 * from {@code --from} (else the URI's {@code from=}, else the end: what is appended from now
 * on). With {@code --reader NAME} (or {@code reader=}) the reader is named: it resumes where
 * that name stopped and acknowledges what it printed. An unnamed tail maps the journal
 * read-only when this user may not write it (it then waits by backing off and leaves a dead
 * appender's claim to a writable reader to repair). Never creates a journal.
 */
final class JournalTail {
    private final PrintWriter out;
    private final boolean hex;

    JournalTail(PrintWriter out, boolean hex) {
        this.out = out;
        this.hex = hex;
    }

    /**
     * @param uri         the {@code journal:} URI
     * @param from        {@code --from}, or null
     * @param readerName  {@code --reader}, or null
     * @param count       stop after this many records, or null
     * @param idleSeconds stop after this long without a record, or null
     * @throws InterruptedException if interrupted while waiting
     */
    void run(String uri, String from, String readerName, Long count, Long idleSeconds) throws InterruptedException {
        JournalUri parsed = JournalUri.parse(uri);
        JournalStart start = from != null ? JournalUri.start(from)
                : ChannelUri.parse(uri).parameters().containsKey("from") ? parsed.start() : JournalStart.end();
        Path directory = parsed.directory();
        JournalTarget.requireJournal(directory);
        String name = readerName != null ? readerName : parsed.readerName();
        boolean writable = name != null || Files.isWritable(directory.resolve(JournalMetaDescriptor.FILE_NAME));
        try (Journal journal = writable ? parsed.open() : Journal.openReadOnly(directory);
             JournalReader reader = name == null ? journal.reader(start) : journal.reader(name, start)) {
            long[] printed = {0};
            long idleSince = System.nanoTime();
            while (count == null || printed[0] < count) {
                int limit = count == null ? 64 : (int) Math.min(64, count - printed[0]);
                int n = reader.poll((sequence, timestamp, type, buffer, offset, length) -> {
                    printed[0]++;
                    out.println(JournalRecordLine.format(sequence, timestamp, type, buffer, offset, length, hex));
                }, limit, 200, TimeUnit.MILLISECONDS);
                out.flush();
                if (n > 0) {
                    idleSince = System.nanoTime();
                } else if (idleSeconds != null && System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(idleSeconds)) {
                    break;
                }
            }
        }
    }
}
