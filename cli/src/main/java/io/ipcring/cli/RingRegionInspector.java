package io.ipcring.cli;

import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.ring.unicast.RingInspector.RingInfo;
import io.ipcring.ring.unicast.RingInspector;
import io.ipcring.ring.unicast.UnicastRingStats;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Shows a one-to-one or many-to-one ring: geometry, positions, fill, attached processes, waiters, statistics. */
final class RingRegionInspector implements RegionInspector {
    @Override
    public boolean supports(int kind) {
        return kind == RingDescriptor.SPSC_KIND || kind == RingDescriptor.MPSC_KIND;
    }

    @Override
    public String kindName(int kind) {
        return kind == RingDescriptor.SPSC_KIND ? "ring spsc" : "ring mpsc";
    }

    @Override
    public List<String[]> details(SharedRegion region) {
        RingInfo info = RingInspector.inspect(region.path());
        UnicastRingStats stats = info.stats();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("capacity", info.capacity() + " bytes"));
        rows.add(row("max message", info.maxMessageLength() + " bytes"));
        rows.add(row("producer position", Long.toString(info.producerPosition())));
        rows.add(row("consumed position", Long.toString(info.consumed())));
        rows.add(row("free from", Long.toString(info.head())));
        rows.add(row("fill", Rows.fill(info.fill(), info.capacity())));
        rows.add(row("consumer", info.consumerPid() == 0 ? "none attached" : process(info.consumerPid())));
        rows.add(row("producers", info.producerPids().isEmpty() ? "none attached"
                : info.producerPids().stream().map(RingRegionInspector::process).collect(Collectors.joining(", "))));
        rows.add(row("consumer waiting", info.consumerWaiting() ? "yes (futex sleep announced)" : "no"));
        rows.add(row("producer waiting", info.producerWaiting() ? "yes (futex sleep announced)" : "no"));
        rows.add(row("messages", Long.toString(stats.messages())));
        rows.add(row("bytes", Long.toString(stats.bytes())));
        rows.add(row("full events", Long.toString(stats.fullEvents())));
        rows.add(row("sleeps consumer/producer", stats.consumerSleeps() + " / " + stats.producerSleeps()));
        rows.add(row("wakes consumer/producer", stats.consumerWakes() + " / " + stats.producerWakes()));
        rows.add(row("repairs dead/timeout", stats.deadProducerRepairs() + " / " + stats.timeoutRepairs()));
        return rows;
    }

    /** The attached consumer and producers; liveness by pid alone (the inspector reads no start time). */
    @Override
    public List<RegionOwner> owners(SharedRegion region) {
        RingInfo info = RingInspector.inspect(region.path());
        List<RegionOwner> owners = new ArrayList<>();
        if (info.consumerPid() != 0) {
            owners.add(new RegionOwner(info.consumerPid(), ProcessIdentity.isAlive(info.consumerPid(), 0), "consumer"));
        }
        for (long pid : info.producerPids()) {
            owners.add(new RegionOwner(pid, ProcessIdentity.isAlive(pid, 0), "producer"));
        }
        return owners;
    }

    private static String process(long pid) {
        return pid + (ProcessIdentity.isAlive(pid, 0) ? " (alive)" : " (dead)");
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }
}
