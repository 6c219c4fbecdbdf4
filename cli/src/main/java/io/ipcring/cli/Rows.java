package io.ipcring.cli;

import io.ipcring.ring.fanout.ProducerSlotInfo;
import java.util.List;
import java.util.Locale;

/** The label and value rows the ring inspectors return, formatted the same way for every kind. */
final class Rows {
    private Rows() {
    }

    /** @param label the label @param value the value @return the row */
    static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    /** @param bytes bytes in use @param capacity the ring's capacity @return "1120 bytes (1.7%)" */
    static String fill(long bytes, int capacity) {
        return String.format(Locale.ROOT, "%d bytes (%.1f%%)", bytes, 100.0 * bytes / capacity);
    }

    /** @param pid a process @param alive whether it runs @return "4242 alive" or "4242 dead" */
    static String process(long pid, boolean alive) {
        return "pid " + pid + (alive ? " alive" : " dead");
    }

    /** @param inUse slots in use @param slots slots in all @return "2 of 16 slots in use" */
    static String slots(int inUse, int slots) {
        return inUse + " of " + slots + " slots in use";
    }

    /**
     * Adds the producer-slot rows of a broadcast or work-queue ring.
     *
     * @param rows      where the rows go
     * @param producers the slots in use
     * @param slots     the slot count
     * @param tail      the tail: a claim start at or above it is a claim not committed yet
     */
    static void producers(List<String[]> rows, List<ProducerSlotInfo> producers, int slots, long tail) {
        rows.add(row("producers", slots(producers.size(), slots)));
        for (ProducerSlotInfo p : producers) {
            String claim = !p.claiming() ? "no claim"
                    : p.claimStart() >= tail ? "claim from " + p.claimStart() + " not committed"
                    : "stale claim start " + p.claimStart() + " (committed)";
            rows.add(row("producer [" + p.slot() + "]", process(p.pid(), p.alive()) + ", " + claim));
        }
    }

    /** @param producers the producer slots in use @param owners where to add them as owners */
    static void producerOwners(List<ProducerSlotInfo> producers, List<RegionOwner> owners) {
        for (ProducerSlotInfo p : producers) {
            owners.add(new RegionOwner(p.pid(), p.alive(), "producer [" + p.slot() + "]"));
        }
    }
}
