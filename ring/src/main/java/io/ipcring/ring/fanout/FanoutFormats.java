package io.ipcring.ring.fanout;

import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.sync.RegionFormat;

/**
 * The region kinds of the fan-out rings, in one place so they can be reconciled with the other
 * ring kinds: the kind number goes into every ring file's {@link io.ipcring.sync.RegionHeader}
 * and is checked when the file is opened.
 */
public final class FanoutFormats {
    /** Kind number of a {@link BroadcastRing} file. */
    public static final int BROADCAST_KIND = RingDescriptor.BROADCAST_KIND;
    /** Kind number of a {@link WorkQueueRing} file. */
    public static final int WORK_QUEUE_KIND = RingDescriptor.WORK_QUEUE_KIND;

    /** A broadcast ring file, layout {@link BroadcastRingDescriptor}. */
    public static final RegionFormat BROADCAST = new RegionFormat(BROADCAST_KIND, 2, "broadcast ring");
    /** A work-queue ring file, layout {@link WorkQueueRingDescriptor}. */
    public static final RegionFormat WORK_QUEUE = new RegionFormat(WORK_QUEUE_KIND, 2, "work-queue ring");

    private FanoutFormats() {
    }
}
