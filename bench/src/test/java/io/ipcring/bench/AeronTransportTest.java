package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AeronTransportTest {
    @Test
    void termsAreFourTimesTheCapacityWithinAeronsBounds() {
        assertEquals(4 << 20, AeronTransport.termLength(BenchOptions.DEFAULT_CAPACITY), "today's 4 MiB at the default");
        assertEquals(64 << 10, AeronTransport.termLength(BenchOptions.MIN_CAPACITY), "Aeron's smallest term");
        assertEquals(256 << 20, AeronTransport.termLength(BenchOptions.MAX_CAPACITY), "below Aeron's 1 GiB");
        assertEquals("term length = 4 x capacity", new AeronTransport().capacityUse());
    }
}
