package io.ipcring.ring.journal;

import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what monitoring tools ({@code ipcring stat}, {@code ls}, {@code clean}) show of a
 * journal, through a journal opened read-only ({@link Journal#openReadOnly}): the first sequence
 * still kept and the named readers' positions. It never attaches and never writes; each value
 * is read atomically, together they are a close, not exact, snapshot. Every value read from a
 * file is checked: an impossible one is a {@link JournalCorruptedException} naming the file and
 * offset.
 */
public final class JournalInspector {
    /** The region kind of a named reader's position file ({@code readers/NAME.pos}). */
    public static final int READER_POSITION_KIND = ReaderPosition.KIND;
    private static final String POSITION_SUFFIX = ".pos";

    /**
     * A named reader as its position file says.
     *
     * @param name         the reader's name
     * @param owner        the process holding the name, or null when it is free
     * @param segment      the segment of its acknowledged position
     * @param nextSequence the sequence it reads next (records below it are acknowledged)
     */
    public record NamedReader(String name, ProcessIdentity owner, long segment, long nextSequence) {
        /**
         * @param journalNext the journal's next sequence
         * @return how many sequence numbers the reader is behind (aborted and repaired claims
         *         count too), 0 when it is not behind
         */
        public long lag(long journalNext) {
            return Math.max(0, journalNext - nextSequence);
        }
    }

    private JournalInspector() {
    }

    /**
     * @param journal a journal
     * @return the sequence of the first record kept: the first segment's first sequence
     * @throws JournalCorruptedException when the first segment was never activated
     */
    public static long firstSequence(Journal journal) {
        long number = journal.firstSegment();
        try (Segment first = journal.openSegment(number)) {
            long sequence = first.firstSequence();
            if (sequence == SegmentDescriptor.UNSET_SEQUENCE) {
                throw first.corrupted(SegmentDescriptor.FIRST_SEQUENCE_OFFSET, "segment=" + number
                        + " is the journal's first but was never activated");
            }
            return sequence;
        }
    }

    /**
     * @param journal a journal
     * @return its named readers, by name, from {@code readers/NAME.pos}
     * @throws JournalCorruptedException when a position file holds impossible values
     * @throws SharedMemoryException     when the readers' directory cannot be listed
     */
    public static List<NamedReader> namedReaders(Journal journal) {
        Path directory = journal.directory().resolve(Journal.READERS_DIRECTORY);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + POSITION_SUFFIX)) {
            entries.forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new SharedMemoryException(SharedMemoryException.Reason.IO_ERROR, directory, "cannot list: " + e, e);
        }
        files.sort(null);
        List<NamedReader> readers = new ArrayList<>();
        for (Path file : files) {
            readers.add(read(file));
        }
        return readers;
    }

    private static NamedReader read(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - POSITION_SUFFIX.length());
        SharedRegion region;
        try {
            region = SharedRegion.openReadOnly(file);
        } catch (SharedMemoryException e) {
            throw JournalCorruptedException.of(e);
        }
        try (SharedRegion r = region) {
            if (r.kind() != ReaderPosition.KIND || r.length() < ReaderPosition.LENGTH) {
                throw new JournalCorruptedException(r.path(), 12, "kind=" + r.kind() + " length=" + r.length()
                        + " (a reader position has kind=" + ReaderPosition.KIND + " length=" + ReaderPosition.LENGTH + ")");
            }
            MappedMemory m = r.memory();
            // Acquire: pairs with the reader's release of the active word after it wrote that copy.
            long active = m.getLongAcquire(ReaderPosition.ACTIVE_OFFSET);
            if (active != 0 && active != 1) {
                throw new JournalCorruptedException(r.path(), ReaderPosition.ACTIVE_OFFSET, "active copy=" + active
                        + " (expected 0 or 1)");
            }
            int copy = ReaderPosition.COPY_OFFSET + (int) active * ReaderPosition.COPY_LENGTH;
            long segment = m.getLong(copy + ReaderPosition.SEGMENT);
            long next = m.getLong(copy + ReaderPosition.SEQUENCE);
            if (segment < 0 || next < 0) {
                throw new JournalCorruptedException(r.path(), copy + (segment < 0 ? ReaderPosition.SEGMENT
                        : ReaderPosition.SEQUENCE), "segment=" + segment + " next sequence=" + next + " (expected >= 0)");
            }
            // Volatile: pairs with the taker's CAS and the closer's release of the name.
            long owner = m.getLongVolatile(ReaderPosition.OWNER_OFFSET);
            return new NamedReader(name, owner == 0 ? null : ProcessIdentity.unpack(owner), segment, next);
        }
    }
}
