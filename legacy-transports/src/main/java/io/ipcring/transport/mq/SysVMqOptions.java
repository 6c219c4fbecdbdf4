package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelUri;
import java.util.Set;

/**
 * The settings of a System V queue endpoint, from a URI {@code sysvmq:0x1234?type=2} or
 * {@code sysvmq:/path?proj=7&type=-5}.
 *
 * <ul>
 *   <li>the target: a key in decimal ({@code sysvmq:4660}) or hexadecimal ({@code sysvmq:0x1234}),
 *       not 0 (IPC_PRIVATE, which no other process could find); or an existing path that
 *       {@code ftok(path, proj)} turns into a key;</li>
 *   <li>{@code proj}: ftok's project id, 1 to 255 (default 1; only with a path);</li>
 *   <li>{@code type}: what a subscriber receives, msgrcv's msgtyp: {@code n > 0} exactly type n,
 *       {@code 0} the first of any type (default), {@code -n} the lowest type ≤ n (see
 *       {@link ReceiveMode}); publishers ignore it, so both ends may share one URI;</li>
 *   <li>{@code maxMessage}: the largest payload this endpoint sends or accepts (default and
 *       maximum: /proc/sys/kernel/msgmax and the queue's byte limit, minus the 8-byte header);</li>
 *   <li>{@code queueBytes}: the queue's byte limit msg_qbytes, set when this endpoint creates the
 *       queue (default /proc/sys/kernel/msgmnb; more needs CAP_SYS_RESOURCE);</li>
 *   <li>{@code removeOnClose}: the endpoint that created the queue removes it (IPC_RMID) on close
 *       (default false: queues outlive the processes that use them);</li>
 *   <li>{@code create}: create the queue (mode 0600) when the key has none (default true).</li>
 * </ul>
 */
final class SysVMqOptions {
    /** The parameters a {@code sysvmq:} URI may carry. */
    static final Set<String> PARAMETERS = Set.of("proj", "type", "maxMessage", "queueBytes", "removeOnClose", "create");
    /** The parameter value meaning "not given". */
    static final long UNSET = -1;

    /** The largest maxMessage accepted: leaves room for mtype, header and one probe byte in an int-sized buffer. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    private static final long MAX_KEY = 0xFFFF_FFFFL;
    private static final int MAX_PROJ = 255;

    final String uri;
    final int key;
    final ReceiveMode receiveMode;
    final long maxPayload;
    final long queueBytes;
    final boolean removeOnClose;
    final boolean create;

    private SysVMqOptions(String uri, int key, ReceiveMode receiveMode, long maxPayload, long queueBytes,
                          boolean removeOnClose, boolean create) {
        this.uri = uri;
        this.key = key;
        this.receiveMode = receiveMode;
        this.maxPayload = maxPayload;
        this.queueBytes = queueBytes;
        this.removeOnClose = removeOnClose;
        this.create = create;
    }

    /**
     * @param uri a {@code sysvmq:} URI
     * @return the options
     * @throws IllegalArgumentException when the key, path or a parameter is invalid or unknown
     */
    static SysVMqOptions parse(ChannelUri uri) {
        if (!"sysvmq".equals(uri.scheme())) {
            throw new IllegalArgumentException("channel URI '" + uri + "' is not a System V message queue (scheme sysvmq:)");
        }
        uri.requireOnly(PARAMETERS);
        String target = uri.target();
        int key;
        if (target.startsWith("/")) {
            int proj = (int) UriOptions.rangeParameter(uri, "proj", 1, 1, MAX_PROJ);
            key = SysVMessageQueue.key(target, proj);
        } else {
            if (uri.parameters().containsKey("proj")) {
                throw new IllegalArgumentException("channel URI '" + uri + "': proj applies only to a path target (sysvmq:/path?proj=N)");
            }
            key = parseKey(target, uri);
        }
        ReceiveMode mode = ReceiveMode.ofMsgtyp(uri.longParameter("type", 0));
        long maxPayload = uri.parameters().containsKey("maxMessage")
                ? UriOptions.rangeParameter(uri, "maxMessage", UNSET, 0, MAX_PAYLOAD)
                : UNSET;
        long queueBytes = uri.parameters().containsKey("queueBytes")
                ? UriOptions.rangeParameter(uri, "queueBytes", UNSET, 1, Long.MAX_VALUE)
                : UNSET;
        return new SysVMqOptions(uri.toString(), key, mode, maxPayload, queueBytes,
                UriOptions.booleanParameter(uri, "removeOnClose", false), UriOptions.booleanParameter(uri, "create", true));
    }

    private static int parseKey(String text, ChannelUri uri) {
        long value;
        try {
            value = text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("channel URI '" + uri + "': key '" + text
                    + "' is neither a decimal or 0x-hexadecimal number nor a path starting with /");
        }
        if (value == QueueLibc.IPC_PRIVATE || value < Integer.MIN_VALUE || value > MAX_KEY) {
            throw new IllegalArgumentException("channel URI '" + uri + "': key " + text
                    + " must be a non-zero 32-bit value (0 is IPC_PRIVATE, which no other process can find)");
        }
        return (int) value;
    }
}
