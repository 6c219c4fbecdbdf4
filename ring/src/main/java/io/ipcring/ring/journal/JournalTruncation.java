package io.ipcring.ring.journal;

import java.nio.file.Path;

/**
 * What a journal's open cut off the current segment's tail: records claimed but never written
 * to the file, which is what a kernel crash or power loss leaves of records not yet msynced
 * (see {@link JournalSync}). Reported by {@link Journal#truncation()} and logged as a warning.
 *
 * @param segment           the segment file
 * @param fileOffset        the file offset where the kept records end and the claim word now points
 * @param firstLostSequence the sequence the next record gets: the first one lost
 * @param lostRecords       records claimed past that point (whether committed or not)
 * @param lostBytes         bytes claimed past that point
 */
public record JournalTruncation(Path segment, long fileOffset, long firstLostSequence, long lostRecords, long lostBytes) {
    @Override
    public String toString() {
        return segment + ": truncated at offset=" + fileOffset + ", lost from sequence=" + firstLostSequence + " records="
                + lostRecords + " bytes=" + lostBytes + " (claimed, never written to the file: not synced before a crash)";
    }
}
