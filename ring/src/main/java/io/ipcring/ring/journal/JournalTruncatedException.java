package io.ipcring.ring.journal;

import io.ipcring.channel.ChannelException;

/**
 * A reader's place lies in segments retention deleted (or a sequence it was asked to start at
 * is gone): records from {@link #lostFromSequence()} to {@link #firstKeptSequence()} are lost
 * to it. The reader that throws it has moved to the first record still kept, so its next poll
 * goes on from there (a named reader acknowledges that position with its next poll).
 */
public final class JournalTruncatedException extends ChannelException {
    private static final long serialVersionUID = 1L;

    private final long lostFromSequence;
    private final long firstKeptSequence;

    /**
     * @param what              the journal or segment file and the reader's name, for the message
     * @param lostFromSequence  the reader's next sequence when it found its place gone
     * @param firstKeptSequence the first sequence still kept
     */
    public JournalTruncatedException(String what, long lostFromSequence, long firstKeptSequence) {
        super(what + ": retention deleted the records from sequence=" + lostFromSequence
                + "; the first sequence still kept is firstKeptSequence=" + firstKeptSequence);
        this.lostFromSequence = lostFromSequence;
        this.firstKeptSequence = firstKeptSequence;
    }

    /** @return the reader's next sequence when it found its place gone */
    public long lostFromSequence() {
        return lostFromSequence;
    }

    /** @return the first sequence still kept, where the reader goes on */
    public long firstKeptSequence() {
        return firstKeptSequence;
    }
}
