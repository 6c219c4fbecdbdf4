package io.ipcring.stress.chaos;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * An appender JVM that claims one record and never commits it: it writes the claim's sequence
 * to a file (whole, by a rename) and sleeps until {@link JournalChaos} SIGKILLs it, so every
 * chaos run has at least one dead appender's claim for the readers to repair.
 *
 * <p>Arguments: journal directory, the file to write the sequence to.
 */
public final class JournalClaimHolder {
    private JournalClaimHolder() {
    }

    /**
     * @param args journal directory, sequence file
     * @throws Exception on failure: the run reports the exit status and output
     */
    public static void main(String[] args) throws Exception {
        Path sequenceFile = Paths.get(args[1]);
        Journal journal = Journal.open(Paths.get(args[0]), JournalChaos.OPTIONS);
        JournalAppender appender = journal.appender();
        int claim = appender.tryClaim(RingChaosMessages.PREFIX, 1);
        Path partial = sequenceFile.resolveSibling(sequenceFile.getFileName() + ".partial");
        Files.writeString(partial, Long.toString(appender.claimSequence()));
        Files.move(partial, sequenceFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("holding the claim at index " + claim + " until killed");
        Thread.sleep(Long.MAX_VALUE);
    }
}
