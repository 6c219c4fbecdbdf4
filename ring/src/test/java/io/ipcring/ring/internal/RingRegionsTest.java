package io.ipcring.ring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RingRegionsTest {
    private static final RegionFormat FIRST = new RegionFormat(0x7101, 3, "first ring");
    private static final RegionFormat SECOND = new RegionFormat(0x7102, 1, "second ring");
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    @Test
    void opensAFileOfAnyAcceptedKindReadOnly() {
        Path path = paths.next("regions");
        SharedRegion.create(path, SECOND, 4096, RegionAccess.OWNER, m -> { }).close();
        try (SharedRegion region = RingRegions.openReadOnly(path, FIRST, SECOND)) {
            assertTrue(region.isReadOnly());
            assertEquals(SECOND.kind(), region.kind());
        }
    }

    @Test
    void anotherKindIsWrongKindNamingTheFileAndTheKindsAccepted() {
        Path path = paths.next("regions");
        SharedRegion.create(path, new RegionFormat(0x7103, 1, "other"), 4096, RegionAccess.OWNER, m -> { }).close();
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> RingRegions.openReadOnly(path, FIRST, SECOND));
        assertEquals(SharedMemoryException.Reason.WRONG_KIND, e.reason());
        assertTrue(e.getMessage().contains(path.toString()) && e.getMessage().contains("holds kind " + 0x7103)
                && e.getMessage().contains("first ring") && e.getMessage().contains("second ring"), e.getMessage());
    }

    @Test
    void anotherVersionOfAnAcceptedKindIsUnsupportedVersion() {
        Path path = paths.next("regions");
        SharedRegion.create(path, new RegionFormat(FIRST.kind(), 4, "first ring"), 4096, RegionAccess.OWNER, m -> { }).close();
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> RingRegions.openReadOnly(path, FIRST, SECOND));
        assertEquals(SharedMemoryException.Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("layout version 4"), e.getMessage());
    }
}
