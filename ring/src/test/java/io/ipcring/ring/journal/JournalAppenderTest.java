package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.ring.ClaimRepairedException;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.sync.DeadProcess;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JournalAppenderTest {
    static final JournalOptions SMALL = JournalOptions.defaults().rollBytes(64 * 1024).maxMessageLength(1024).indexInterval(4);

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void offeredMessagesAreReadBackInOrderWithSequencesFromZero() throws Exception {
        try (Journal journal = Journal.open(paths.next("roundtrip"), SMALL);
             JournalAppender appender = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            assertTrue(appender.offer(Records.payload(3, 1), 0, 3, 7));
            assertTrue(appender.offer(ByteBuffer.wrap(Records.payload(10, 2)), 2, 5, 8));
            assertTrue(appender.offer(new byte[0], 0, 0, 9));
            Records got = Records.drain(reader, 3);
            assertEquals(List.of(0L, 1L, 2L), got.sequences());
            assertArrayEquals(Records.payload(3, 1), got.records.get(0).payload());
            byte[] part = new byte[5];
            System.arraycopy(Records.payload(10, 2), 2, part, 0, 5);
            assertArrayEquals(part, got.records.get(1).payload());
            assertEquals(List.of(7, 8, 9), got.records.stream().map(Records.Record::type).toList());
            assertEquals(3, journal.nextSequence());
        }
    }

    @Test
    void anAbortedClaimIsAGapInTheSequencesAndAPendingClaimBlocksAnother() throws Exception {
        try (Journal journal = Journal.open(paths.next("abort"), SMALL);
             JournalAppender appender = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            int index = appender.tryClaim(8, 1);
            appender.buffer().putLong(index, 42L);
            assertThrows(IllegalStateException.class, () -> appender.tryClaim(8, 1));
            assertThrows(IllegalStateException.class, () -> appender.commit(index + 8));
            appender.commit(index);
            int aborted = appender.tryClaim(16, 1);
            assertEquals(1, appender.claimSequence());
            appender.abort(aborted);
            assertThrows(IllegalStateException.class, () -> appender.commit(aborted));
            appender.offer(Records.payload(4, 3), 0, 4, 2);
            Records got = Records.drain(reader, 2);
            assertEquals(List.of(0L, 2L), got.sequences());
            assertEquals(42L, ByteBuffer.wrap(got.records.get(0).payload()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
            assertThrows(IllegalArgumentException.class, () -> appender.tryClaim(1025, 1));
            assertThrows(IllegalArgumentException.class, () -> appender.tryClaim(1, 0));
            appender.close();
            assertThrows(ChannelClosedException.class, () -> appender.offer(new byte[1], 0, 1, 1));
        }
    }

    @Test
    void recordsSpanManySegmentsAndTheNextSegmentExistsBeforeItIsNeeded() throws Exception {
        Path dir = paths.next("roll");
        try (Journal journal = Journal.open(dir, SMALL);
             JournalAppender appender = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            // 1000-byte payloads take 1024 bytes: 64 records fill a 64 KiB segment
            for (int i = 0; i < 40; i++) {
                appender.offer(Records.payload(1000, i), 0, 1000, 1);
            }
            assertEquals(0, journal.currentSegment());
            assertTrue(Files.exists(dir.resolve(SegmentDescriptor.fileName(1))), "prepared past half");
            for (int i = 40; i < 1000; i++) {
                appender.offer(Records.payload(1000, i), 0, 1000, 1);
            }
            assertEquals(15, journal.currentSegment());
            assertEquals(15, journal.rolls());
            Records got = Records.drain(reader, 1000);
            assertEquals(1000, got.records.size());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, got.records.get(i).sequence());
                assertArrayEquals(Records.payload(1000, i), got.records.get(i).payload(), "record " + i);
            }
            assertEquals(15, reader.segment());
        }
    }

    @Test
    void aDeadAppendersClaimBecomesPaddingAndLaterAppendsAreRead() throws Exception {
        try (Journal journal = Journal.open(paths.next("dead"), SMALL);
             JournalAppender live = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            JournalAppender dead = journal.appender(DeadProcess.identity());
            dead.tryClaim(100, 1);
            live.offer(Records.payload(5, 5), 0, 5, 3);
            Records got = Records.drain(reader, 1);
            assertEquals(List.of(1L), got.sequences());
            assertEquals(1, journal.repairs());
        }
    }

    @Test
    void aDeadAppendersSlotIsTakenOverOnceItsClaimIsRepaired() throws Exception {
        try (Journal journal = Journal.open(paths.next("slot"), SMALL.appenderSlots(1));
             JournalReader reader = journal.reader(JournalStart.first())) {
            JournalAppender dead = journal.appender(DeadProcess.identity());
            dead.tryClaim(100, 1);
            JournalAppender live = journal.appender();
            assertThrows(RingSlotsTakenException.class, journal::appender);
            live.offer(Records.payload(5, 5), 0, 5, 3);
            assertEquals(List.of(1L), Records.drain(reader, 1).sequences());
            assertEquals(1, journal.repairs());
        }
    }

    @Test
    void timeRollStartsANewSegmentWhenAClaimIsPastThePeriodEnd() throws Exception {
        try (Journal journal = Journal.open(paths.next("time"), SMALL.rollPeriod(RollPeriod.HOURLY));
             JournalAppender appender = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            appender.offer(Records.payload(5, 1), 0, 5, 1);
            try (Segment current = journal.openSegment(0)) {
                long periodEnd = current.periodEnd();
                assertEquals(RollPeriod.HOURLY.periodEnd(current.activationTime()), periodEnd);
                // bring the period end to now, as an hour passing would
                io.ipcring.testsupport.FileBytes.patchLong(current.path(), SegmentDescriptor.PERIOD_END_OFFSET, 1L);
            }
            appender.offer(Records.payload(5, 2), 0, 5, 1);
            assertEquals(1, journal.currentSegment());
            assertEquals(List.of(0L, 1L), Records.drain(reader, 2).sequences());
            assertEquals(List.of(0L, 1L), journal.segments());
        }
    }

    @Test
    void aLiveClaimIsRepairedOnlyAfterTheStuckClaimTimeoutAndItsCommitThenThrows() throws Exception {
        try (Journal journal = Journal.open(paths.next("stuck"), SMALL.stuckClaimTimeout(50, TimeUnit.MILLISECONDS));
             JournalAppender stuck = journal.appender();
             JournalAppender other = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            int index = stuck.tryClaim(8, 1);
            other.offer(Records.payload(5, 5), 0, 5, 3);
            assertEquals(List.of(1L), Records.drain(reader, 1).sequences());
            assertEquals(1, journal.repairs());
            ClaimRepairedException e = assertThrows(ClaimRepairedException.class, () -> stuck.commit(index));
            assertTrue(e.getMessage().contains("sequence=0"), e.getMessage());
            stuck.offer(Records.payload(5, 6), 0, 5, 4);
            assertEquals(List.of(2L), Records.drain(reader, 1).sequences());
        }
    }

    @Test
    void withoutATimeoutALiveClaimIsWaitedFor() throws Exception {
        try (Journal journal = Journal.open(paths.next("live"), SMALL);
             JournalAppender slow = journal.appender();
             JournalAppender other = journal.appender();
             JournalReader reader = journal.reader(JournalStart.first())) {
            int index = slow.tryClaim(8, 1);
            other.offer(Records.payload(5, 5), 0, 5, 3);
            Records got = new Records();
            // several repair checks (one per 10 ms) find the claimer alive
            for (int i = 0; i < 5; i++) {
                assertEquals(0, reader.poll(got, 10, 20, TimeUnit.MILLISECONDS));
            }
            assertEquals(0, journal.repairs());
            slow.commit(index);
            assertEquals(List.of(0L, 1L), Records.drain(reader, 2).sequences());
        }
    }
}
