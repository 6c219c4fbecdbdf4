package io.ipcring.ring.fanout;

import io.ipcring.ring.unicast.RingDescriptor;
import io.ipcring.sync.RegionFormat;

/**
 * The region kinds of the fan-out rings, in one place so they can be reconciled with the other
 * ring kinds: the kind number goes into every ring file's {@link io.ipcring.sync.RegionHeader}
 * and is checked when the file is opened.
 *
 * <p>Both are at layout version {@value #LAYOUT_VERSION}; a file of another version is refused on
 * open, since it would be misread: version 1 packed its owner words differently (pid in bits
 * 41..62, the released flag in bit 63) and held the attach and repair locks in one word.
 */
public final class FanoutFormats {
    /** Kind number of a {@link BroadcastRing} file. */
    public static final int BROADCAST_KIND = RingDescriptor.BROADCAST_KIND;
    /** Kind number of a {@link WorkQueueRing} file. */
    public static final int WORK_QUEUE_KIND = RingDescriptor.WORK_QUEUE_KIND;

    /** The layout version of both fan-out ring files. */
    public static final int LAYOUT_VERSION = 2;

    /** A broadcast ring file, layout {@link BroadcastRingDescriptor}. */
    public static final RegionFormat BROADCAST = new RegionFormat(BROADCAST_KIND, LAYOUT_VERSION, "broadcast ring");
    /** A work-queue ring file, layout {@link WorkQueueRingDescriptor}. */
    public static final RegionFormat WORK_QUEUE = new RegionFormat(WORK_QUEUE_KIND, LAYOUT_VERSION, "work-queue ring");

    private FanoutFormats() {
    }
}
