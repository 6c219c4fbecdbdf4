package io.ipcring.stress.chaos;

import io.ipcring.ring.journal.Journal;
import io.ipcring.ring.journal.JournalHandler;
import io.ipcring.ring.journal.JournalReader;
import io.ipcring.ring.journal.JournalStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A named reader JVM of the journal chaos run: reader {@code reader-<index>}, from the first
 * record. Logs in {@code reader-<index>/delivered-0.log}, as {@link RingChaosConsumer} does:
 * {@code "start incarnation"}, one {@code "producer incarnation seq"} line per record from inside
 * the handler (before the poll acknowledges it), {@code "ack"} after each poll that delivered
 * something, {@code "exit"} at a clean end. The handler pauses now and then (300 µs, one record
 * in eight), so kills land inside batches. A damaged record makes it exit with status 2. Exits 0
 * once every appender has written its {@code done} file and the reader has read up to the
 * journal's last claim (dead appenders' claims repaired on the way).
 *
 * <p>Arguments after the harness's four: journal directory, appender count, seed.
 */
public final class JournalChaosReader {
    private static final int MAX_BATCH = 16;
    private static final int PAUSE_ONE_IN = 8;
    private static final long PAUSE_NANOS = 300_000;

    private JournalChaosReader() {
    }

    /**
     * @param args role, index, incarnation, work dir, journal directory, appenders, seed
     * @throws Exception on failure: the harness reports the exit status and output
     */
    public static void main(String[] args) throws Exception {
        int index = Integer.parseInt(args[1]);
        int incarnation = Integer.parseInt(args[2]);
        Path dir = Paths.get(args[3]);
        Path journalDir = Paths.get(args[4]);
        int appenders = Integer.parseInt(args[5]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[6]) ^ ((long) index << 40) ^ incarnation);
        Path logDir = Files.createDirectories(dir.resolve(JournalChaos.readerName(index)));
        try (Journal journal = Journal.open(journalDir, JournalChaos.OPTIONS);
             ChaosLog log = new ChaosLog(logDir.resolve("delivered-0.log"))) {
            JournalReader reader = journal.reader(JournalChaos.readerName(index), JournalStart.first());
            log.line("start " + incarnation);
            JournalHandler handler = (sequence, timestamp, type, buffer, offset, length) -> {
                String id = RingChaosMessages.check(type, buffer, offset, length);
                if (id == null) {
                    log.line("damaged sequence=" + sequence + " type=" + type + " length=" + length);
                    System.err.println("damaged record: sequence=" + sequence + " type=" + type + " length=" + length);
                    System.exit(RingChaosConsumer.DAMAGED);
                }
                log.line(id);
                if (random.nextInt(PAUSE_ONE_IN) == 0) {
                    // some processing time, so kills land inside batches (before their acknowledgement) too
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
            };
            boolean finishing = false;
            while (true) {
                int n = reader.poll(handler, 1 + random.nextInt(MAX_BATCH), 100, TimeUnit.MILLISECONDS);
                if (n > 0) {
                    log.line("ack");
                } else if (finishing && reader.nextSequence() >= journal.nextSequence()) {
                    break;
                } else {
                    finishing = allDone(dir, appenders);
                }
            }
            log.line("exit");
        }
        System.exit(0);
    }

    private static boolean allDone(Path dir, int appenders) {
        for (int i = 0; i < appenders; i++) {
            if (!Files.exists(dir.resolve("done-" + i))) {
                return false;
            }
        }
        return true;
    }
}
