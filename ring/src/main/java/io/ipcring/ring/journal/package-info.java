/**
 * The journal: a persisted, replayable message log in a directory of memory-mapped segment
 * files. {@link io.ipcring.ring.journal.Journal} opens or creates one;
 * {@link io.ipcring.ring.journal.JournalAppender}s (any number, in any processes) append with the
 * many-to-one claim protocol and dead-appender repair;
 * {@link io.ipcring.ring.journal.JournalReader}s read independently from the first record, the
 * end, a sequence or a time, and named readers keep their position in the directory. The files
 * are laid out as {@link io.ipcring.ring.journal.JournalMetaDescriptor} and
 * {@link io.ipcring.ring.journal.SegmentDescriptor} say.
 */
package io.ipcring.ring.journal;
