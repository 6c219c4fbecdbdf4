package io.ipcring.ring.journal;

import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Subscriber;
import java.util.concurrent.TimeUnit;

/**
 * A {@code journal:} URI's subscriber: a {@link JournalReader} that owns the {@link Journal} it
 * was taken from, so closing it closes both (and frees a named reader's name).
 */
final class JournalSubscriber implements Subscriber {
    private final Journal journal;
    private final JournalReader reader;
    private final String uri;

    JournalSubscriber(Journal journal, JournalReader reader, String uri) {
        this.journal = journal;
        this.reader = reader;
        this.uri = uri;
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        return reader.poll(handler, limit);
    }

    @Override
    public int poll(MessageHandler handler, int limit, long timeout, TimeUnit unit) throws InterruptedException {
        return reader.poll(handler, limit, timeout, unit);
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes the reader (a named one's position stays acknowledged), then the journal. */
    @Override
    public void close() {
        try {
            reader.close();
        } finally {
            journal.close();
        }
    }
}
