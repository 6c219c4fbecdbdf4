package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.RingCorruptedException;
import io.ipcring.ring.internal.RingRegions;
import io.ipcring.sync.DeadProcess;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.ScratchRegion;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutReaderTest {
    private static final int CLAIM = 128;
    private static final int TAIL = 256;
    private static final int SLOTS = 512;
    private static final Path FILE = Path.of("/dev/shm/ring-under-test");

    private final ScratchRegion scratch = ScratchRegion.create(4096);
    private final MappedMemory memory = scratch.memory();
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void close() {
        scratch.close();
        paths.close();
    }

    private FanoutReader.Ends ends(long claim, long tail) {
        memory.putLong(CLAIM, claim);
        memory.putLong(TAIL, tail);
        return FanoutReader.ends(memory, FILE, CLAIM, TAIL, 1024, 8);
    }

    @Test
    void endsAreAClaimAheadOfTheTailByAtMostTheCapacity() {
        assertEquals(new FanoutReader.Ends(1024 + 64, 64), ends(1024 + 64, 64));
        assertEquals(new FanoutReader.Ends(0, 0), ends(0, 0));
        for (long[] bad : new long[][] {{64, 72}, {64 + 1032, 64}, {68, 64}, {64, 60}, {-8, -8}}) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> ends(bad[0], bad[1]));
            assertTrue(e.getMessage().contains("claim=" + bad[0] + " tail=" + bad[1]) && e.getMessage().contains(FILE.toString()),
                    e.getMessage());
        }
    }

    @Test
    void positionsAreAlignedAndBelowTheTail() {
        assertEquals(64, FanoutReader.checkPosition(FILE, "retained", 64, 64, 8));
        assertEquals(0, FanoutReader.checkPosition(FILE, "retained", 0, 64, 8));
        for (long bad : new long[] {72, -8, 4}) {
            RingCorruptedException e = assertThrows(RingCorruptedException.class,
                    () -> FanoutReader.checkPosition(FILE, "retained", bad, 64, 8));
            assertTrue(e.getMessage().contains("retained=" + bad), e.getMessage());
        }
    }

    @Test
    void producerSlotsInUseWithLivenessAndClaimStarts() {
        long dead = DeadProcess.packed();
        memory.putLong(SLOTS + ProducerSlotDescriptor.OWNER_OFFSET, ProcessIdentity.current().pack());
        memory.putLong(SLOTS + ProducerSlotDescriptor.CLAIM_START_OFFSET, ProducerSlotDescriptor.NO_CLAIM_START);
        memory.putLong(SLOTS + 2 * ProducerSlotDescriptor.LENGTH + ProducerSlotDescriptor.OWNER_OFFSET, dead);
        memory.putLong(SLOTS + 2 * ProducerSlotDescriptor.LENGTH + ProducerSlotDescriptor.CLAIM_START_OFFSET, 96);
        List<ProducerSlotInfo> slots = FanoutReader.producerSlots(memory, SLOTS, 3);
        long me = ProcessHandle.current().pid();
        assertEquals(List.of(new ProducerSlotInfo(0, me, true, ProducerSlotDescriptor.NO_CLAIM_START),
                new ProducerSlotInfo(2, DeadProcess.identity().pid(), false, 96)), slots,
                "slot 1 is free; slot 2 names a process that died");
        FanoutReader.checkClaimStarts(FILE, slots, 96);
        RingCorruptedException e = assertThrows(RingCorruptedException.class, () -> FanoutReader.checkClaimStarts(FILE, slots, 88));
        assertTrue(e.getMessage().contains("producer slot 2 has claimStart=96"), e.getMessage());
        assertThrows(RingCorruptedException.class, () -> FanoutReader.checkClaimStarts(FILE,
                List.of(new ProducerSlotInfo(0, me, true, -2)), 96));
    }

    @Test
    void countersAreNeverNegativeAndASignalWordIsZeroOrSleeping() {
        memory.putLong(CLAIM, 42);
        assertEquals(42, FanoutReader.counter(memory, FILE, CLAIM, "messages"));
        memory.putLong(CLAIM, -1);
        assertTrue(assertThrows(RingCorruptedException.class, () -> FanoutReader.counter(memory, FILE, CLAIM, "messages"))
                .getMessage().contains("messages=-1"));
        memory.putInt(TAIL, FutexSignal.SLEEPING);
        assertEquals(1, FanoutReader.waiters(memory, FILE, TAIL, "not-empty"));
        memory.putInt(TAIL, 0);
        assertEquals(0, FanoutReader.waiters(memory, FILE, TAIL, "not-empty"));
        memory.putInt(TAIL, -3);
        assertTrue(assertThrows(RingCorruptedException.class, () -> FanoutReader.waiters(memory, FILE, TAIL, "not-empty"))
                .getMessage().contains("not-empty signal word=-3"));
    }

    @Test
    void aFileOfThePreviousLayoutVersionIsRefused() {
        Path previous = paths.next("fanout-previous");
        SharedRegion.create(previous, new RegionFormat(FanoutFormats.BROADCAST_KIND, FanoutFormats.LAYOUT_VERSION - 1,
                "previous"), 4096, RegionAccess.OWNER, m -> { }).close();
        SharedMemoryException old = assertThrows(SharedMemoryException.class,
                () -> RingRegions.openReadOnly(previous, FanoutFormats.BROADCAST));
        assertEquals(SharedMemoryException.Reason.UNSUPPORTED_VERSION, old.reason(),
                "the previous version kept a waiter count where the futex signal now keeps its armed flag");
    }
}
