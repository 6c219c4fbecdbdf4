package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.ring.fanout.ProducerSlotDescriptor;
import io.ipcring.ring.fanout.ProducerSlotInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowsTest {
    @Test
    void fillProcessesAndSlots() {
        assertEquals("1120 bytes (1.7%)", Rows.fill(1120, 65536));
        assertEquals("0 bytes (0.0%)", Rows.fill(0, 4096));
        assertEquals("pid 42 alive", Rows.process(42, true));
        assertEquals("pid 42 dead", Rows.process(42, false));
        assertEquals("2 of 16 slots in use", Rows.slots(2, 16));
    }

    @Test
    void producerSlotsSayWhetherTheirClaimIsCommitted() {
        List<ProducerSlotInfo> producers = List.of(new ProducerSlotInfo(0, 7, true, ProducerSlotDescriptor.NO_CLAIM_START),
                new ProducerSlotInfo(3, 8, false, 256), new ProducerSlotInfo(5, 9, true, 64));
        List<String[]> rows = new ArrayList<>();
        Rows.producers(rows, producers, 8, 128);
        assertEquals(List.of("producers=3 of 8 slots in use", "producer [0]=pid 7 alive, no claim",
                "producer [3]=pid 8 dead, claim from 256 not committed",
                "producer [5]=pid 9 alive, stale claim start 64 (committed)"),
                rows.stream().map(r -> r[0] + "=" + r[1]).toList());
        List<RegionOwner> owners = new ArrayList<>();
        Rows.producerOwners(producers, owners);
        assertEquals(List.of(new RegionOwner(7, true, "producer [0]"), new RegionOwner(8, false, "producer [3]"),
                new RegionOwner(9, true, "producer [5]")), owners);
    }
}
