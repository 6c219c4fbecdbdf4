package io.ipcring.cli;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalMetaDescriptor;
import io.ipcring.ring.journal.JournalUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the commands take for a journal: a {@code journal:} URI (its directory resolved as
 * {@link JournalUri} does) or, for {@code stat}, the journal's directory itself.
 */
final class JournalTarget {
    private JournalTarget() {
    }

    /**
     * @param argument a command's argument: a URI or a path
     * @return the journal directory it names, or null when it names no journal (another scheme,
     *         a file, a directory without {@code journal.meta})
     * @throws IllegalArgumentException for a malformed {@code journal:} URI
     */
    static Path directoryOf(String argument) {
        if (JournalUri.isJournal(argument)) {
            return JournalUri.parse(argument).directory();
        }
        Path path = Paths.get(argument);
        return Files.isDirectory(path) && Files.exists(path.resolve(JournalMetaDescriptor.FILE_NAME)) ? path : null;
    }

    /**
     * @param directory a journal's directory
     * @return the journal, mapped read-only (nothing written, no slot or name taken)
     * @throws CliException when the directory holds no journal
     */
    static Journal openReadOnly(Path directory) {
        requireJournal(directory);
        return Journal.openReadOnly(directory);
    }

    /**
     * @param directory a directory
     * @throws CliException when it holds no journal: commands that read never create one
     */
    static void requireJournal(Path directory) {
        if (!Files.exists(directory.resolve(JournalMetaDescriptor.FILE_NAME))) {
            throw new CliException("no journal in " + directory + " (no " + JournalMetaDescriptor.FILE_NAME
                    + "; a publisher on the journal: URI creates it)");
        }
    }
}
