package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import org.junit.jupiter.api.Test;

class FanoutFormatsTest {
    @Test
    void theRingKindsAreDistinctAndWrittenIntoTheFiles() {
        assertNotEquals(FanoutFormats.BROADCAST_KIND, FanoutFormats.WORK_QUEUE_KIND);
        try (TestPaths paths = new TestPaths()) {
            try (BroadcastRing ring = BroadcastRing.create(paths.next("kind"), BroadcastRingOptions.defaults().capacity(1024));
                 SharedRegion region = SharedRegion.openReadOnly(ring.path())) {
                assertEquals(FanoutFormats.BROADCAST_KIND, region.kind());
            }
            try (WorkQueueRing ring = WorkQueueRing.create(paths.next("kind"), WorkQueueRingOptions.defaults().capacity(1024));
                 SharedRegion region = SharedRegion.openReadOnly(ring.path())) {
                assertEquals(FanoutFormats.WORK_QUEUE_KIND, region.kind());
            }
        }
    }
}
