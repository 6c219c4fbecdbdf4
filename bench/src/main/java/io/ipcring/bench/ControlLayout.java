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
final class ControlLayout {
    static final int LINE = 128;
    static final int PROBE_PING_OFFSET = LINE;
    static final int PROBE_PONG_OFFSET = PROBE_PING_OFFSET + LINE;
    static final int PARENT_STEP_OFFSET = PROBE_PONG_OFFSET + LINE;
    static final int CHILD_STEP_OFFSET = PARENT_STEP_OFFSET + LINE;
    static final int RECEIVED_OFFSET = CHILD_STEP_OFFSET + LINE;
    static final int ELAPSED_OFFSET = RECEIVED_OFFSET + Long.BYTES;
    static final int LENGTH = 4096;

    static {
        if (PROBE_PING_OFFSET < RegionHeader.LENGTH || ELAPSED_OFFSET + Long.BYTES > LENGTH) {
            throw new ExceptionInInitializerError("control layout overlaps the header or overflows its page");
        }
    }

    private ControlLayout() {
    }
}
