package io.ipcring.transport;

import io.ipcring.channel.ChannelUri;
import java.util.concurrent.TimeUnit;

/**
 * The settings every stream transport (pipe, FIFO, socket) reads from its URI:
 * <ul>
 *   <li>{@code maxMessage}: the largest payload sent or accepted, with k/m/g suffixes (default
 *       {@value #DEFAULT_MAX_MESSAGE} bytes, at most {@value #MAX_MESSAGE_LIMIT}). A received
 *       frame announcing more is malformed and closes the connection before anything is
 *       allocated for it.</li>
 *   <li>{@code writeTimeout}: milliseconds a frame already partly written may wait for the peer
 *       to make room before the stream is given up as stuck and closed (default
 *       {@value #DEFAULT_WRITE_TIMEOUT_MILLIS}). Waiting for room before the first byte is
 *       governed by the caller's offer timeout instead.</li>
 * </ul>
 */
public final class StreamOptions {
    /** URI parameter: the largest payload. */
    public static final String MAX_MESSAGE = "maxMessage";
    /** URI parameter: milliseconds a partly written frame may wait for room. */
    public static final String WRITE_TIMEOUT = "writeTimeout";
    /** The default largest payload: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE = 1 << 20;
    /** The hard upper bound of {@code maxMessage}: 64 MiB. */
    public static final int MAX_MESSAGE_LIMIT = 1 << 26;
    /** The default write timeout in milliseconds. */
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 10_000;

    private final int maxMessage;
    private final long writeTimeoutNanos;

    /**
     * @param maxMessage         the largest payload, in {@code [0, MAX_MESSAGE_LIMIT]}
     * @param writeTimeoutMillis positive
     */
    public StreamOptions(int maxMessage, long writeTimeoutMillis) {
        if (maxMessage < 0 || maxMessage > MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException(MAX_MESSAGE + "=" + maxMessage + " must be in [0, " + MAX_MESSAGE_LIMIT + "]");
        }
        if (writeTimeoutMillis <= 0) {
            throw new IllegalArgumentException(WRITE_TIMEOUT + "=" + writeTimeoutMillis + " must be positive");
        }
        this.maxMessage = maxMessage;
        this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis);
    }

    /** @return the defaults */
    public static StreamOptions defaults() {
        return new StreamOptions(DEFAULT_MAX_MESSAGE, DEFAULT_WRITE_TIMEOUT_MILLIS);
    }

    /**
     * Reads {@code maxMessage} and {@code writeTimeout} from a URI (other parameters are the
     * transport's to check).
     *
     * @param uri               the URI
     * @param defaultMaxMessage used when {@code maxMessage} is absent
     * @return the options
     * @throws IllegalArgumentException when a value is out of range, naming the URI
     */
    public static StreamOptions of(ChannelUri uri, int defaultMaxMessage) {
        long max = uri.longParameter(MAX_MESSAGE, defaultMaxMessage);
        long timeout = uri.longParameter(WRITE_TIMEOUT, DEFAULT_WRITE_TIMEOUT_MILLIS);
        if (max < 0 || max > MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + MAX_MESSAGE + "=" + max
                    + " must be in [0, " + MAX_MESSAGE_LIMIT + "]");
        }
        if (timeout <= 0) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + WRITE_TIMEOUT + "=" + timeout + " must be positive");
        }
        return new StreamOptions((int) max, timeout);
    }

    /** @return the largest payload */
    public int maxMessage() {
        return maxMessage;
    }

    /** @return nanoseconds a partly written frame may wait for room */
    public long writeTimeoutNanos() {
        return writeTimeoutNanos;
    }

    /**
     * @param newMaxMessage the largest payload
     * @return these options with another maximum
     */
    public StreamOptions withMaxMessage(int newMaxMessage) {
        return new StreamOptions(newMaxMessage, TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos));
    }
}
