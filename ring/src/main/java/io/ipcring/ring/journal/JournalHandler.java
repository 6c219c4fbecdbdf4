package io.ipcring.ring.journal;

import java.nio.ByteBuffer;

/** Receives a journal's records, with the sequence and append time a plain handler does not see. */
@FunctionalInterface
public interface JournalHandler {
    /**
     * One record, read in place: valid only during the call.
     *
     * @param sequence  the record's sequence (strictly increasing, with gaps, see {@link JournalReader})
     * @param timestamp its append time, epoch nanoseconds, taken when it was claimed
     * @param type      its type, positive
     * @param buffer    a read-only view of the segment; absolute indexes
     * @param offset    index of the payload's first byte
     * @param length    the payload length
     */
    void onRecord(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length);
}
