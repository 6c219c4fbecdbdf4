package io.ipcring.cli;

import io.ipcring.bench.BenchRegions;
import io.ipcring.bench.ControlLayout;
import io.ipcring.bench.SpinBaselineLayout;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.SharedRegion;
import java.util.List;

/** Shows the counters of the regions {@code ipcring bench} creates (left over if a run was killed). */
final class BenchRegionInspector implements RegionInspector {
    @Override
    public boolean supports(int kind) {
        return kind == BenchRegions.CONTROL.kind() || kind == BenchRegions.SPIN_BASELINE.kind();
    }

    @Override
    public String kindName(int kind) {
        return kind == BenchRegions.CONTROL.kind() ? BenchRegions.CONTROL.name() : BenchRegions.SPIN_BASELINE.name();
    }

    @Override
    public List<String[]> details(SharedRegion region) {
        MappedMemory m = region.memory();
        if (region.kind() == BenchRegions.CONTROL.kind()) {
            return List.of(
                    row("parent step", m.getIntVolatile(ControlLayout.PARENT_STEP_OFFSET)),
                    row("child step", m.getIntVolatile(ControlLayout.CHILD_STEP_OFFSET)),
                    row("probe ping", m.getLongVolatile(ControlLayout.PROBE_PING_OFFSET)),
                    row("probe pong", m.getLongVolatile(ControlLayout.PROBE_PONG_OFFSET)),
                    row("received", m.getLongVolatile(ControlLayout.RECEIVED_OFFSET)));
        }
        int size = m.getInt(SpinBaselineLayout.SIZE_OFFSET);
        // two slots of at least the size each lie before the end, so a larger size cannot fit (nor overflow)
        if (size < 0 || size > m.capacity() / 2 || SpinBaselineLayout.pongCounterOffset(size) + Long.BYTES > m.capacity()) {
            return List.<String[]>of(new String[] {"payload size", size + " (corrupted: the counters would lie outside the "
                    + m.capacity() + "-byte region)"});
        }
        return List.of(
                row("payload size", size),
                row("ping", m.getLongVolatile(SpinBaselineLayout.pingCounterOffset(size))),
                row("pong", m.getLongVolatile(SpinBaselineLayout.pongCounterOffset(size))),
                row("producer position", m.getLongVolatile(SpinBaselineLayout.PRODUCER_OFFSET)),
                row("consumer position", m.getLongVolatile(SpinBaselineLayout.CONSUMER_OFFSET)));
    }

    /** The bench's regions name no owners: their users are the processes that map them. */
    @Override
    public List<RegionOwner> owners(SharedRegion region) {
        return List.of();
    }

    private static String[] row(String label, long value) {
        return new String[] {label, Long.toString(value)};
    }
}
