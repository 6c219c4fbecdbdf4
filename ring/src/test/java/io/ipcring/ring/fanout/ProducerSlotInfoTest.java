package io.ipcring.ring.fanout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProducerSlotInfoTest {
    @Test
    void aSlotClaimsUnlessItsClaimStartIsNoClaim() {
        assertFalse(new ProducerSlotInfo(0, 1, true, ProducerSlotDescriptor.NO_CLAIM_START).claiming());
        assertTrue(new ProducerSlotInfo(0, 1, true, 0).claiming());
        assertTrue(new ProducerSlotInfo(0, 1, false, 4096).claiming());
    }
}
