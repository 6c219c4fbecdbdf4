package io.ipcring.ring.journal;

import io.ipcring.channel.Publisher;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A {@code journal:} URI's publisher: a {@link JournalAppender} that owns the {@link Journal} it
 * was taken from, so closing it closes both. An offer never waits and never returns false.
 */
final class JournalPublisher implements Publisher {
    private final Journal journal;
    private final JournalAppender appender;
    private final String uri;

    JournalPublisher(Journal journal, JournalAppender appender, String uri) {
        this.journal = journal;
        this.appender = appender;
        this.uri = uri;
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type) {
        return appender.offer(src, offset, length, type);
    }

    @Override
    public boolean offer(ByteBuffer src, int offset, int length, int type, long timeout, TimeUnit unit) {
        return appender.offer(src, offset, length, type, timeout, unit);
    }

    @Override
    public int maxMessageLength() {
        return appender.maxMessageLength();
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes the appender (aborting a pending claim, freeing its slot), then the journal. */
    @Override
    public void close() {
        try {
            appender.close();
        } finally {
            journal.close();
        }
    }
}
