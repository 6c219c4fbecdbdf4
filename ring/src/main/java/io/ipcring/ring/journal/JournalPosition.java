package io.ipcring.ring.journal;

/**
 * A place in a journal, as a named reader stores it.
 *
 * @param segment      the segment's number
 * @param offset       the data offset of the next record in it
 * @param nextSequence the sequence the next record gets (or a later one, past padding)
 */
public record JournalPosition(long segment, long offset, long nextSequence) {
}
