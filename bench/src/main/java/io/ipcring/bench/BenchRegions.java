package io.ipcring.bench;

import io.ipcring.sync.RegionFormat;

/**
 * The kinds of shared-memory region the bench creates, so that {@code ipcring ls} can name a
 * leftover one. Values spell "BEN" and a number in ASCII, far from the library's ring kinds.
 */
public final class BenchRegions {
    /** A case's control block: floor probe, step words, the receiver's throughput figures. */
    public static final RegionFormat CONTROL = new RegionFormat(0x42454E01, 1, "bench-control");
    /** The spin-baseline transport's mailboxes and slot ring. */
    public static final RegionFormat SPIN_BASELINE = new RegionFormat(0x42454E02, 1, "bench-spin-baseline");

    private BenchRegions() {
    }
}
