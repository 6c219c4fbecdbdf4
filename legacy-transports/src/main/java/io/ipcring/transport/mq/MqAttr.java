package io.ipcring.transport.mq;

/**
 * Layout of {@code struct mq_attr} on 64-bit Linux, as mq_open (with O_CREAT) and mq_getattr take
 * it: four {@code long}s, then reserved space.
 *
 * <pre>
 *  0          8           16          24          32                          64
 *  +----------+-----------+-----------+-----------+---------------------------+
 *  | mq_flags | mq_maxmsg | mq_msgsize| mq_curmsgs|   __pad[4] (reserved)     |
 *  +----------+-----------+-----------+-----------+---------------------------+
 * </pre>
 */
final class MqAttr {
    /** Offset of mq_flags: 0 or O_NONBLOCK. */
    static final int FLAGS_OFFSET = 0;
    /** Offset of mq_maxmsg: the most messages the queue holds. */
    static final int MAX_MESSAGES_OFFSET = 8;
    /** Offset of mq_msgsize: the largest message, in bytes. */
    static final int MESSAGE_SIZE_OFFSET = 16;
    /** Offset of mq_curmsgs: messages in the queue now. */
    static final int CURRENT_MESSAGES_OFFSET = 24;
    /** Size of the structure, reserved words included. */
    static final int LENGTH = 64;

    private MqAttr() {
    }
}
