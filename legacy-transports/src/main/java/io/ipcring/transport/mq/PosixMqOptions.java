package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.MessageFrame;
import java.util.Set;

/**
 * The settings of a POSIX queue endpoint, from a URI
 * {@code mq:/name?maxMessages=10&maxMessage=8184&priority=0&unlinkOnClose=false&create=true}.
 *
 * <ul>
 *   <li>{@code /name}: the queue's name, one slash then up to 255 characters without a slash;</li>
 *   <li>{@code maxMessages}: mq_maxmsg when this endpoint creates the queue (default
 *       /proc/sys/fs/mqueue/msg_default, usually 10);</li>
 *   <li>{@code maxMessage}: the largest payload when this endpoint creates the queue; the queue's
 *       mq_msgsize is this plus the 8-byte frame header (default msgsize_default − 8, usually
 *       8184);</li>
 *   <li>{@code priority}: the priority of messages offered without one, 0 to 32767 (default 0;
 *       read by publishers only);</li>
 *   <li>{@code unlinkOnClose}: the endpoint that created the queue unlinks it on close (default
 *       false: queues outlive the processes that use them);</li>
 *   <li>{@code create}: create the queue when absent (default true); when false a missing queue is
 *       an error.</li>
 * </ul>
 * When the queue exists already its own attributes apply and {@code maxMessages} and
 * {@code maxMessage} are ignored.
 */
final class PosixMqOptions {
    /** The parameters a {@code mq:} URI may carry. */
    static final Set<String> PARAMETERS = Set.of("maxMessages", "maxMessage", "priority", "unlinkOnClose", "create");
    /** The longest name after the leading slash (NAME_MAX). */
    static final int NAME_MAX = 255;

    final String uri;
    final String name;
    final long maxMessages;
    final long messageSize;
    final int priority;
    final boolean unlinkOnClose;
    final boolean create;

    private PosixMqOptions(String uri, String name, long maxMessages, long messageSize, int priority,
                           boolean unlinkOnClose, boolean create) {
        this.uri = uri;
        this.name = name;
        this.maxMessages = maxMessages;
        this.messageSize = messageSize;
        this.priority = priority;
        this.unlinkOnClose = unlinkOnClose;
        this.create = create;
    }

    /**
     * @param uri    a {@code mq:} URI
     * @param limits the system's limits, for the defaults
     * @return the options
     * @throws IllegalArgumentException when the name or a parameter is invalid or unknown
     */
    static PosixMqOptions parse(ChannelUri uri, PosixMqLimits limits) {
        if (!"mq".equals(uri.scheme())) {
            throw new IllegalArgumentException("channel URI '" + uri + "' is not a POSIX message queue (scheme mq:)");
        }
        uri.requireOnly(PARAMETERS);
        String name = checkName(uri.target());
        long maxMessages = UriOptions.rangeParameter(uri, "maxMessages", limits.defaultMaxMessages(), 1, Integer.MAX_VALUE);
        long maxPayload = UriOptions.rangeParameter(uri, "maxMessage",
                Math.max(0, limits.defaultMessageSize() - MessageFrame.HEADER_LENGTH), 0,
                Integer.MAX_VALUE - MessageFrame.HEADER_LENGTH);
        int priority = (int) UriOptions.rangeParameter(uri, "priority", 0, 0, PosixMessageQueue.MAX_PRIORITY);
        return new PosixMqOptions(uri.toString(), name, maxMessages, maxPayload + MessageFrame.HEADER_LENGTH, priority,
                UriOptions.booleanParameter(uri, "unlinkOnClose", false), UriOptions.booleanParameter(uri, "create", true));
    }

    /**
     * @param name a queue name
     * @return the name
     * @throws IllegalArgumentException unless it is a slash followed by 1 to 255 characters, none a slash
     */
    static String checkName(String name) {
        if (name.length() < 2 || name.charAt(0) != '/' || name.indexOf('/', 1) >= 0 || name.length() > NAME_MAX + 1
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("POSIX queue name '" + name + "' must be a slash followed by 1 to "
                    + NAME_MAX + " characters without another slash, e.g. mq:/orders");
        }
        return name;
    }
}
