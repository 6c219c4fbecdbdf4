package io.ipcring.ring.journal;

import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what monitoring tools ({@code ipcring stat}, {@code ls}, {@code clean}) show of a
 * journal's named readers beside {@link Journal#namedReaders()}' positions: which process holds
 * each name. It never attaches, never takes a name and never writes (a journal opened with
 * {@link Journal#openReadOnly} will do); each value is read atomically, together they are a
 * close, not exact, snapshot.
 */
public final class JournalInspector {
    /** The region kind of a named reader's position file ({@code readers/NAME.pos}). */
    public static final int READER_POSITION_KIND = ReaderPosition.KIND;

    /**
     * A named reader: its acknowledged position and who holds the name.
     *
     * @param name     the reader's name
     * @param owner    the process holding the name, or null when it is free
     * @param position its acknowledged position (records below its next sequence are acknowledged)
     */
    public record NamedReader(String name, ProcessIdentity owner, JournalPosition position) {
        /**
         * @param journalNext the journal's next sequence
         * @return how many sequence numbers the reader is behind (aborted and repaired claims
         *         count too), 0 when it is not behind
         */
        public long lag(long journalNext) {
            return Math.max(0, journalNext - position.nextSequence());
        }
    }

    private JournalInspector() {
    }

    /**
     * @param journal a journal
     * @return its named readers, by name
     * @throws JournalCorruptedException when a position file holds impossible values
     */
    public static List<NamedReader> namedReaders(Journal journal) {
        Path readers = journal.directory().resolve(Journal.READERS_DIRECTORY);
        List<NamedReader> found = new ArrayList<>();
        for (Map.Entry<String, JournalPosition> e : journal.namedReaders().entrySet()) {
            Path file = readers.resolve(e.getKey() + ".pos");
            found.add(new NamedReader(e.getKey(), owner(file), e.getValue()));
        }
        return found;
    }

    /** @return the process holding the name of a position file {@link ReaderPosition#peek} accepted, or null */
    private static ProcessIdentity owner(Path file) {
        try (SharedRegion region = SharedRegion.openReadOnly(file)) {
            // Volatile: pairs with the taker's CAS and the closer's CAS that frees the name.
            long owner = region.memory().getLongVolatile(ReaderPosition.OWNER_OFFSET);
            return owner == 0 ? null : ProcessIdentity.unpack(owner);
        } catch (SharedMemoryException e) {
            throw JournalCorruptedException.of(e);
        }
    }
}
