package io.ipcring.ring.journal;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.Set;

/**
 * The {@code journal:} scheme: a {@link Journal} created on first use and opened afterwards; a
 * publisher is a {@link JournalAppender}, a subscriber a {@link JournalReader}.
 *
 * <pre>
 * journal:/var/lib/app/orders?roll=size:256m,hourly&amp;max=4k
 * journal:/var/lib/app/orders?reader=audit&amp;from=time:2026-12-08T03:00:00Z
 * </pre>
 *
 * <p>Target: {@code /name} or {@code name} (one path component) is a directory in
 * {@link io.ipcring.sync.SharedRegion#defaultDirectory()}, as {@code shm:} names rings (it lives
 * as long as that file system); a path with several components ({@code /var/lib/app/orders}) is
 * the directory itself. Parameters (any other is rejected, naming these):
 * <table>
 *   <caption>{@code journal:} parameters</caption>
 *   <tr><th>parameter</th><th>meaning</th></tr>
 *   <tr><td>{@code roll}</td><td>{@code size:N} (k/m/g suffixes, a multiple of 4 KiB from 64 KiB to
 *       1 GiB; default 64m), {@code hourly}, {@code daily}, {@code none} (default), or a size and a
 *       period: {@code size:256m,daily}</td></tr>
 *   <tr><td>{@code max}</td><td>the largest payload (default 64k)</td></tr>
 *   <tr><td>{@code appenders}</td><td>appender slots: publishers open at once (default 16)</td></tr>
 *   <tr><td>{@code claimTimeoutMs}</td><td>the opt-in stuck-claim timeout, see
 *       {@link JournalOptions#stuckClaimTimeout} (default 0: only dead appenders' claims are
 *       repaired)</td></tr>
 *   <tr><td>{@code retain}</td><td>{@code none} (default) | {@code segments:N} |
 *       {@code bytes:N} (k/m/g) | {@code time:PT1H}: which old segments are deleted at a roll,
 *       see {@link JournalRetention}</td></tr>
 *   <tr><td>{@code sync}</td><td>{@code none} (default) | {@code periodic:10ms} |
 *       {@code always}: when committed records are written back to the file, see
 *       {@link JournalSync}</td></tr>
 *   <tr><td>{@code reader}</td><td>a subscriber's name: a named reader keeps its position in the
 *       journal's directory and resumes there; without it the reader keeps none. Ignored by a
 *       publisher.</td></tr>
 *   <tr><td>{@code from}</td><td>{@code start} (default) | {@code end} | {@code seq:N} |
 *       {@code time:ISO-8601}: where a new reader starts (a named reader that has a position
 *       resumes there). Ignored by a publisher.</td></tr>
 *   <tr><td>{@code wait}</td><td>{@code spin} | {@code yield} | {@code backoff} | {@code block}
 *       (default): how a timed poll waits</td></tr>
 * </table>
 * {@code roll}, {@code max}, {@code appenders}, {@code claimTimeoutMs}, {@code retain} and
 * {@code sync} shape a new journal; for an existing one the values given must match it and the
 * others are taken from it.
 *
 * <p>How the journal differs from the rings behind the same API: an append never waits for
 * readers, so {@code offer} returns true (or throws: a closed publisher, a full file system at a
 * roll), never false; and records stay after they are read, for every other reader and for
 * replay. Closing a publisher or subscriber frees its appender slot or reader name and unmaps
 * its files; the journal stays. As on {@code shm:}, the close may come from any thread, also
 * while another is inside a call, which then ends with
 * {@link io.ipcring.channel.ChannelClosedException} (see {@link JournalReader}).
 */
public final class JournalChannelProvider implements ChannelProvider {
    /** Used by {@link java.util.ServiceLoader}. */
    public JournalChannelProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(JournalUri.SCHEME);
    }

    @Override
    public Publisher publisher(ChannelUri uri) {
        JournalUri parsed = JournalUri.parse(uri);
        Journal journal = parsed.open();
        try {
            return new JournalPublisher(journal, journal.appender(), uri.toString());
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    @Override
    public Subscriber subscriber(ChannelUri uri) {
        JournalUri parsed = JournalUri.parse(uri);
        Journal journal = parsed.open();
        try {
            String name = parsed.readerName();
            JournalReader reader;
            try {
                reader = name == null ? journal.reader(parsed.start()) : journal.reader(name, parsed.start());
            } catch (IllegalArgumentException e) {
                throw parsed.named(new IllegalArgumentException("reader=" + name + ": " + e.getMessage(), e));
            }
            return new JournalSubscriber(journal, reader, uri.toString());
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }
}
