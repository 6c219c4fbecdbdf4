package io.ipcring.cli;

import io.ipcring.ring.fanout.FanoutFormats;
import io.ipcring.ring.fanout.WorkQueueInspector.ConsumerSlot;
import io.ipcring.ring.fanout.WorkQueueInspector.InFlight;
import io.ipcring.ring.fanout.WorkQueueInspector.WorkQueueInfo;
import io.ipcring.ring.fanout.WorkQueueInspector;
import io.ipcring.ring.fanout.WorkQueueRingStats;
import io.ipcring.sync.SharedRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a work-queue ring, which is also what a {@code RingQueue} file holds
 * ({@link WorkQueueInspector}): positions, fill, the waiting, in-flight and finished messages,
 * every consumer slot in use with pid, liveness and what it holds, each in-flight message with its
 * owner, the producer slots, futex waiters and the counters.
 */
final class WorkQueueRegionInspector implements RegionInspector {
    @Override
    public boolean supports(int kind) {
        return kind == FanoutFormats.WORK_QUEUE_KIND;
    }

    @Override
    public String kindName(int kind) {
        return "ring workqueue";
    }

    @Override
    public List<String[]> details(SharedRegion region) {
        WorkQueueInfo info = WorkQueueInspector.inspect(region.path());
        List<String[]> rows = new ArrayList<>();
        rows.add(Rows.row("capacity", info.capacity() + " bytes"));
        rows.add(Rows.row("max message", info.maxMessageLength() + " bytes"));
        rows.add(Rows.row("max messages", info.maxMessages() == 0 ? "no bound" : info.maxMessages() + " (RingQueue capacity)"));
        rows.add(Rows.row("claim", Long.toString(info.claim())));
        rows.add(Rows.row("tail", Long.toString(info.tail())));
        rows.add(Rows.row("uncommitted", info.uncommitted() + " bytes"));
        rows.add(Rows.row("reclaim", Long.toString(info.reclaim())));
        rows.add(Rows.row("dispatch", Long.toString(info.dispatch())));
        rows.add(Rows.row("fill", Rows.fill(info.fill(), info.capacity())));
        rows.add(Rows.row("messages", info.messages() + " in the queue: " + info.waiting() + " waiting, "
                + info.inFlightCount() + " in flight, " + info.finished() + " finished behind one in flight"));
        Rows.producers(rows, info.producers(), info.producerSlots(), info.tail());
        rows.add(Rows.row("consumers", Rows.slots(info.consumers().size(), info.consumerSlots())));
        for (ConsumerSlot c : info.consumers()) {
            rows.add(Rows.row("consumer [" + c.slot() + "]", Rows.process(c.pid(), c.alive()) + ", generation "
                    + c.generation() + ", " + c.inFlight() + " in flight"));
        }
        for (InFlight m : info.inFlight()) {
            String holder = m.pid() == 0 ? "consumer [" + m.slot() + "] generation " + m.generation() + " (gone)"
                    : "consumer [" + m.slot() + "] " + Rows.process(m.pid(), m.alive());
            rows.add(Rows.row("in flight", "position " + m.position() + ": message #" + m.sequence() + ", type " + m.type()
                    + ", " + m.length() + " bytes, held by " + holder + (m.alive() ? "" : ": will be delivered again")));
        }
        if (info.inFlightCount() > info.inFlight().size()) {
            rows.add(Rows.row("in flight", "... and " + (info.inFlightCount() - info.inFlight().size()) + " more"));
        }
        rows.add(Rows.row("consumers waiting", info.consumersWaiting() + " (futex sleeps announced)"));
        rows.add(Rows.row("producers waiting", info.producersWaiting() + " (futex sleeps announced)"));
        WorkQueueRingStats stats = info.stats();
        rows.add(Rows.row("published", stats.messages() + " messages, " + stats.bytes() + " bytes"));
        rows.add(Rows.row("full events", Long.toString(stats.fullEvents())));
        rows.add(Rows.row("redeliveries", stats.redeliveries() + " (taken over from dead consumers)"));
        rows.add(Rows.row("handler failures", stats.handlerFailures() + " (given back by a handler that threw)"));
        rows.add(Rows.row("repairs", stats.producerRepairs() + " (claims of dead producers padded)"));
        return rows;
    }

    @Override
    public List<RegionOwner> owners(SharedRegion region) {
        WorkQueueInfo info = WorkQueueInspector.inspect(region.path());
        List<RegionOwner> owners = new ArrayList<>();
        Rows.producerOwners(info.producers(), owners);
        for (ConsumerSlot c : info.consumers()) {
            owners.add(new RegionOwner(c.pid(), c.alive(), "consumer [" + c.slot() + "]"));
        }
        return owners;
    }
}
