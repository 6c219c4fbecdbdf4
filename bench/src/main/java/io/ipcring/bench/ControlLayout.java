package io.ipcring.bench;

import io.ipcring.sync.RegionHeader;

/**
 * Layout of a case's control region, shared by the case's parent and child process. Each word has
 * a 128-byte line of its own so that the probe's two spinning processes never share a line with
 * each other or with the step words.
 *
 * <pre>
 *      0 +------------------------------------------+
 *        | region header (magic, kind, pid, ...)    |
 *    128 +------------------------------------------+
 *        | probe ping: long, parent -> child        |
 *    256 +------------------------------------------+
 *        | probe pong: long, child -> parent        |
 *    384 +------------------------------------------+
 *        | parent step: int                         |
 *    512 +------------------------------------------+
 *        | child step: int                          |
 *    640 +------------------------------------------+
 *        | messages received: long | elapsed ns     |
 *    768 +------------------------------------------+
 *        | unused up to one page                    |
 *   4096 +------------------------------------------+
 * </pre>
 */
public final class ControlLayout {
    /** Bytes per counter line: two cache lines, so adjacent-line prefetch does not couple them. */
    public static final int LINE = 128;
    /** The floor probe counter the parent writes. */
    public static final int PROBE_PING_OFFSET = LINE;
    /** The floor probe counter the child writes. */
    public static final int PROBE_PONG_OFFSET = PROBE_PING_OFFSET + LINE;
    /** The last {@link Step} the parent reached (int). */
    public static final int PARENT_STEP_OFFSET = PROBE_PONG_OFFSET + LINE;
    /** The last {@link Step} the child reached (int). */
    public static final int CHILD_STEP_OFFSET = PARENT_STEP_OFFSET + LINE;
    /** Throughput messages the child received (long). */
    public static final int RECEIVED_OFFSET = CHILD_STEP_OFFSET + LINE;
    /** The child's nanoseconds from the first to the last throughput message (long). */
    public static final int ELAPSED_OFFSET = RECEIVED_OFFSET + Long.BYTES;
    /** The region's length: one page. */
    public static final int LENGTH = 4096;

    static {
        if (PROBE_PING_OFFSET < RegionHeader.LENGTH || ELAPSED_OFFSET + Long.BYTES > LENGTH) {
            throw new ExceptionInInitializerError("control layout overlaps the header or overflows its page");
        }
    }

    private ControlLayout() {
    }
}
