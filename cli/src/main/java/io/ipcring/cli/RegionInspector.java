package io.ipcring.cli;

import io.ipcring.sync.SharedRegion;
import java.util.List;

/**
 * Knows one family of region kinds well enough to show what is inside, for {@code ipcring stat},
 * and which processes hold its slots, for {@code ipcring ls} and {@code ipcring clean}. The
 * inspectors are registered in {@link RegionInspectors}; the ring kinds read through the ring
 * module's read-only inspectors and only format here.
 */
interface RegionInspector {
    /** @param kind a kind from a region header @return true when this inspector reads it */
    boolean supports(int kind);

    /** @param kind a supported kind @return its short name */
    String kindName(int kind);

    /**
     * Reads a region's own fields. Must treat every value as untrusted: a corrupt region throws
     * {@link io.ipcring.ring.RingCorruptedException} (or another exception the command line
     * reports in one line) naming the value, never anything else.
     *
     * @param region the region, mapped read-only
     * @return label and value pairs, in display order
     */
    List<String[]> details(SharedRegion region);

    /**
     * Reads which processes the region names as holders of its slots, dead ones included.
     * Same rules for untrusted values as {@link #details}.
     *
     * @param region the region, mapped read-only
     * @return the owners, in slot order; empty for kinds without slots
     */
    List<RegionOwner> owners(SharedRegion region);
}
