package io.ipcring.cli;

import io.ipcring.sync.SharedRegion;
import java.util.List;

/**
 * Knows one family of region kinds well enough to show what is inside, for {@code ipcring stat}
 * and {@code ipcring ls}. This is where ring-specific fields plug in: the ring module's read-only
 * inspection API (positions, fill level, subscribers with pid and liveness, futex waiters,
 * statistics) gets an inspector here when it lands, registered in {@link RegionInspectors}.
 */
interface RegionInspector {
    /** @param kind a kind from a region header @return true when this inspector reads it */
    boolean supports(int kind);

    /** @param kind a supported kind @return its short name */
    String kindName(int kind);

    /**
     * Reads a region's own fields. Must treat every value as untrusted: a corrupt region gives odd
     * numbers, never an exception beyond {@link IllegalStateException} with what was wrong.
     *
     * @param region the region, mapped read-only
     * @return label and value pairs, in display order
     */
    List<String[]> details(SharedRegion region);
}
