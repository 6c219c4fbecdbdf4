package io.ipcring.cli;

import io.ipcring.ring.fanout.BroadcastInspector.BroadcastInfo;
import io.ipcring.ring.fanout.BroadcastInspector.SubscriberSlot;
import io.ipcring.ring.fanout.BroadcastInspector;
import io.ipcring.ring.fanout.BroadcastRingStats;
import io.ipcring.ring.fanout.FanoutFormats;
import io.ipcring.sync.SharedRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a broadcast ring ({@link BroadcastInspector}): positions, fill behind the slowest gating
 * subscriber, every subscriber slot in use with its name, pid, liveness, position, lag and
 * heartbeat age, the producer slots, futex waiters and the counters.
 */
final class BroadcastRegionInspector implements RegionInspector {
    @Override
    public boolean supports(int kind) {
        return kind == FanoutFormats.BROADCAST_KIND;
    }

    @Override
    public String kindName(int kind) {
        return "ring broadcast";
    }

    @Override
    public List<String[]> details(SharedRegion region) {
        BroadcastInfo info = BroadcastInspector.inspect(region.path());
        List<String[]> rows = new ArrayList<>();
        rows.add(Rows.row("capacity", info.capacity() + " bytes"));
        rows.add(Rows.row("max message", info.maxMessageLength() + " bytes"));
        rows.add(Rows.row("liveness timeout", info.livenessTimeout().toMillis() + " ms"));
        rows.add(Rows.row("claim", Long.toString(info.claim())));
        rows.add(Rows.row("tail", Long.toString(info.tail())));
        rows.add(Rows.row("uncommitted", info.uncommitted() + " bytes"));
        rows.add(Rows.row("oldest retained", Long.toString(info.retained())));
        rows.add(Rows.row("gating position", Long.toString(info.gatingPosition())));
        rows.add(Rows.row("fill", Rows.fill(info.fill(), info.capacity()) + " unread by the slowest gating subscriber"));
        rows.add(Rows.row("joins (epoch)", Long.toString(info.epoch())));
        Rows.producers(rows, info.producers(), info.producerSlots(), info.tail());
        rows.add(Rows.row("subscribers", Rows.slots(info.subscribers().size(), info.subscriberSlots())));
        for (SubscriberSlot s : info.subscribers()) {
            rows.add(Rows.row("subscriber [" + s.slot() + "]", "'" + s.name() + "' " + Rows.process(s.pid(), s.alive())
                    + (s.released() ? ", released (no longer holds producers back)" : "")
                    + ", position " + s.position() + ", lag " + s.lag() + " bytes, heartbeat "
                    + AgeFormat.ago(s.heartbeatAgeNanos())));
        }
        rows.add(Rows.row("subscribers waiting", info.subscribersWaiting() + " (futex sleeps announced)"));
        rows.add(Rows.row("producers waiting", info.producersWaiting() + " (futex sleeps announced)"));
        BroadcastRingStats stats = info.stats();
        rows.add(Rows.row("published", stats.messages() + " messages, " + stats.bytes() + " bytes"));
        rows.add(Rows.row("full events", Long.toString(stats.fullEvents())));
        rows.add(Rows.row("releases", stats.subscriberReleases() + " (subscribers that stopped polling)"));
        rows.add(Rows.row("repairs", stats.producerRepairs() + " (claims of dead producers padded)"));
        return rows;
    }

    @Override
    public List<RegionOwner> owners(SharedRegion region) {
        BroadcastInfo info = BroadcastInspector.inspect(region.path());
        List<RegionOwner> owners = new ArrayList<>();
        Rows.producerOwners(info.producers(), owners);
        for (SubscriberSlot s : info.subscribers()) {
            owners.add(new RegionOwner(s.pid(), s.alive(), "subscriber '" + s.name() + "'"));
        }
        return owners;
    }
}
