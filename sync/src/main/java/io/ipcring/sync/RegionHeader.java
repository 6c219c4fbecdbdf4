package io.ipcring.sync;

/**
 * Layout of the header every ipcring shared-memory file starts with. Offsets are bytes from the
 * start of the file; every word is little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Magic "IPCRING1" (8 bytes)                    |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Layout version                          |  8
 *  +---------------------------------------------------------------+
 *  |                            Kind                               | 12
 *  +---------------------------------------------------------------+
 *  |                  Region length in bytes (long)                | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Creator process id (long)                    | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Creation time, ms since the epoch (long)           | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Creator start time, clock ticks since boot (long; 0=unknown) | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Reserved (16 bytes)                       | 48
 *  +---------------------------------------------------------------+
 *  |               The kind's own layout starts here               | 64
 * </pre>
 *
 * <p>The creator writes the whole file under a temporary name and links it into place only when
 * it is complete, so a process that opens the file by name never sees a half-initialised header.
 */
public final class RegionHeader {
    /** "IPCRING1" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x31474E4952435049L;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version of the kind. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the kind: what the rest of the file holds. */
    public static final int KIND_OFFSET = 12;
    /** Offset of the region length the creator set; must equal the file size. */
    public static final int LENGTH_OFFSET = 16;
    /** Offset of the creating process's id. */
    public static final int CREATOR_PID_OFFSET = 24;
    /** Offset of the creation time in milliseconds since the epoch. */
    public static final int CREATION_TIME_OFFSET = 32;
    /**
     * Offset of the creating process's start time ({@link ProcessIdentity#startTicks()}), which
     * tells the creator from a later process that reuses its pid. Files written before this field
     * existed hold 0 there: then only the pid can be checked.
     */
    public static final int CREATOR_START_TICKS_OFFSET = 40;
    /** Length of this header; the kind's layout starts at this offset. */
    public static final int LENGTH = 64;

    private RegionHeader() {
    }
}
