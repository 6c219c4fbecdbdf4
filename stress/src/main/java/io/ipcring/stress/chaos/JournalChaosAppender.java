package io.ipcring.stress.chaos;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * An appender JVM of the journal chaos run. Appends until its role index has committed
 * {@code total} messages across all its incarnations (counted from its log), then writes
 * {@code done-<index>} and exits 0. Each message is claimed, written in place
 * ({@link RingChaosMessages}, type = index + 1) and committed; one in two waits
 * {@value #PAUSE_NANOS} ns between claim and commit, as a writer filling a large record would,
 * so kills land inside claims (a dead appender's claim, which readers must repair) as well as
 * between them. Each commit is logged as {@code "incarnation seq"} in
 * {@code committed-<index>.log} right after {@code commit} returns, so at most one committed
 * message per killed incarnation is missing from the log.
 *
 * <p>Arguments after the harness's four: journal directory, total, seed.
 */
public final class JournalChaosAppender {
    private static final int PAUSE_ONE_IN = 2;
    private static final long PAUSE_NANOS = 300_000;
    private static final int MAX_BODY = 200;

    private JournalChaosAppender() {
    }

    /**
     * @param args role, index, incarnation, work dir, journal directory, total, seed
     * @throws Exception on failure: the harness reports the exit status and output
     */
    public static void main(String[] args) throws Exception {
        int index = Integer.parseInt(args[1]);
        int incarnation = Integer.parseInt(args[2]);
        Path dir = Paths.get(args[3]);
        Path journalDir = Paths.get(args[4]);
        long total = Long.parseLong(args[5]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[6]) ^ ((long) index << 40) ^ incarnation);
        Path logPath = dir.resolve("committed-" + index + ".log");
        long committed = ChaosLogs.lines(logPath).size();
        try (Journal journal = Journal.open(journalDir, JournalChaos.OPTIONS); ChaosLog log = new ChaosLog(logPath)) {
            JournalAppender appender = journal.appender();
            for (long seq = 0; committed < total; seq++, committed++) {
                int body = random.nextInt(MAX_BODY + 1);
                int claim = appender.tryClaim(RingChaosMessages.PREFIX + body, index + 1);
                RingChaosMessages.write(appender.buffer(), claim, index, incarnation, seq, body);
                if (random.nextInt(PAUSE_ONE_IN) == 0) {
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
                appender.commit(claim);
                log.line(incarnation + " " + seq);
            }
        }
        try {
            Files.writeString(dir.resolve("done-" + index), "");
        } catch (IOException e) {
            throw new IllegalStateException("cannot mark appender " + index + " done", e);
        }
        System.exit(0);
    }
}
