package io.ipcring.ring.unicast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.ring.Collected;
import io.ipcring.ring.RingCorruptedException;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.testsupport.FileBytes;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creating, opening and every bad-open path of ring files. */
class RingFileTest {
    private final TestPaths paths = new TestPaths();
    private final UnicastRingOptions options = UnicastRingOptions.defaults().capacity(4096).maxMessageLength(256);

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private Path existing(boolean mpsc) {
        Path path = paths.next("file");
        RingFile.create(path, mpsc ? RingDescriptor.MPSC_FORMAT : RingDescriptor.SPSC_FORMAT, options).close();
        return path;
    }

    private static String corrupted(Path path) {
        return assertThrows(RingCorruptedException.class,
                () -> RingFile.open(path, RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults())).getMessage();
    }

    @Test
    void createdLayoutReadsBack() {
        Path path = existing(true);
        try (RingFile file = RingFile.open(path, RingDescriptor.MPSC_FORMAT, UnicastRingOptions.defaults())) {
            assertEquals(4096, file.layout().capacity());
            assertEquals(256, file.layout().maxMessageLength());
            assertEquals(UnicastRingOptions.DEFAULT_PRODUCER_SLOTS, file.layout().producerSlots());
            assertEquals(RingDescriptor.dataOffset(UnicastRingOptions.DEFAULT_PRODUCER_SLOTS, 0), file.layout().dataOffset());
            assertEquals(file.layout().dataOffset() + 4096L, file.memory().capacity());
        }
    }

    @Test
    void invalidOptionsAreRejectedBeforeAnyFileExists() {
        assertThrows(IllegalArgumentException.class, () -> UnicastRingOptions.defaults().capacity(1000));
        assertThrows(IllegalArgumentException.class, () -> UnicastRingOptions.defaults().capacity(128));
        assertThrows(IllegalArgumentException.class, () -> UnicastRingOptions.defaults().maxMessageLength(-1));
        assertThrows(IllegalArgumentException.class, () -> UnicastRingOptions.defaults().producerSlots(0));
        Path path = paths.next("too-big");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingFile.create(path,
                RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults().capacity(4096).maxMessageLength(513)));
        assertTrue(e.getMessage().contains("capacity/8=512"), e.getMessage());
        assertTrue(!path.toFile().exists());
    }

    @Test
    void missingFile() {
        Path path = paths.next("missing");
        SharedMemoryException e = assertThrows(SharedMemoryException.class,
                () -> RingFile.open(path, RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults()));
        assertEquals(SharedMemoryException.Reason.MISSING, e.reason());
    }

    @Test
    void wrongKind() {
        Path path = existing(false);
        SharedMemoryException e = assertThrows(SharedMemoryException.class,
                () -> RingFile.open(path, RingDescriptor.MPSC_FORMAT, UnicastRingOptions.defaults()));
        assertEquals(SharedMemoryException.Reason.WRONG_KIND, e.reason());
    }

    @Test
    void wrongMagicAndVersion() throws Exception {
        Path path = existing(false);
        FileBytes.patchInt(path, RegionHeader.VERSION_OFFSET, 99);
        assertEquals(SharedMemoryException.Reason.UNSUPPORTED_VERSION, assertThrows(SharedMemoryException.class,
                () -> RingFile.open(path, RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults())).reason());
        FileBytes.patchLong(path, RegionHeader.MAGIC_OFFSET, 0x1234);
        assertEquals(SharedMemoryException.Reason.WRONG_MAGIC, assertThrows(SharedMemoryException.class,
                () -> RingFile.open(path, RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults())).reason());
    }

    @Test
    void filesOfEarlierLayoutVersionsAreRefused() throws Exception {
        for (int version : new int[] {2, 3}) {
            for (boolean mpsc : new boolean[] {false, true}) {
                refusesVersion(version, mpsc);
            }
        }
    }

    private void refusesVersion(int version, boolean mpsc) throws Exception {
        Path path = existing(mpsc);
        FileBytes.patchInt(path, RegionHeader.VERSION_OFFSET, version);
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> RingFile.open(path,
                mpsc ? RingDescriptor.MPSC_FORMAT : RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults()));
        assertEquals(SharedMemoryException.Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("layout version " + version) && e.getMessage().contains("reads version 4")
                && e.getMessage().contains(path.toString()), e.getMessage());
    }

    @Test
    void capacityNotAPowerOfTwo() throws Exception {
        Path path = existing(false);
        FileBytes.patchInt(path, RingDescriptor.CAPACITY_OFFSET, 4000);
        assertTrue(corrupted(path).contains("capacity=4000 is not a power of two"));
    }

    @Test
    void maxMessageAboveAnEighthOfTheCapacity() throws Exception {
        Path path = existing(false);
        FileBytes.patchInt(path, RingDescriptor.MAX_MESSAGE_LENGTH_OFFSET, 513);
        assertTrue(corrupted(path).contains("maxMessageLength=513"));
    }

    @Test
    void layoutMismatchOfTheDataOffset() throws Exception {
        Path path = existing(false);
        FileBytes.patchInt(path, RingDescriptor.DATA_OFFSET_OFFSET, 12288);
        assertTrue(corrupted(path).contains("layout mismatch: dataOffset=12288"));
    }

    @Test
    void layoutMismatchOfTheFileLength() throws Exception {
        Path path = existing(false);
        FileBytes.patchInt(path, RingDescriptor.CAPACITY_OFFSET, 2048);
        assertTrue(corrupted(path).contains("layout mismatch: file is"));
    }

    @Test
    void slotCountsThatDoNotBelongToTheKind() throws Exception {
        Path path = existing(false);
        FileBytes.patchInt(path, RingDescriptor.PRODUCER_SLOT_COUNT_OFFSET, 4);
        assertTrue(corrupted(path).contains("producerSlots=4 must be 0"));
        FileBytes.patchInt(path, RingDescriptor.PRODUCER_SLOT_COUNT_OFFSET, 0);
        FileBytes.patchInt(path, RingDescriptor.SUBSCRIBER_SLOT_COUNT_OFFSET, 2);
        assertTrue(corrupted(path).contains("subscriberSlots=2"));
    }

    @Test
    void openOrCreateRefusesAnExistingRingOfAnotherGeometry() {
        Path path = existing(false);
        ChannelException e = assertThrows(ChannelException.class, () -> RingFile.openOrCreate(path,
                RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults().capacity(8192)));
        assertTrue(e.getMessage().contains("capacity=4096, requested 8192"), e.getMessage());
        RingFile.openOrCreate(path, RingDescriptor.SPSC_FORMAT, UnicastRingOptions.defaults().capacity(4096)).close();
    }

    @Test
    void createRefusesAnExistingFileAndNeverResetsIt() throws Exception {
        Path path = paths.next("keep");
        try (SpscRing ring = SpscRing.create(path, options)) {
            ring.producer().offer(new byte[3], 0, 3, 1);
        }
        assertEquals(SharedMemoryException.Reason.ALREADY_EXISTS, assertThrows(SharedMemoryException.class,
                () -> SpscRing.create(path, options)).reason());
        try (SpscRing ring = SpscRing.openOrCreate(path, options)) {
            assertEquals(1, ring.consumer().poll(new Collected(), 10), "the message survived");
        }
    }
}
