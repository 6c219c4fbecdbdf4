package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelUri;

/** Reads the typed parameters the queue transports share from a {@link ChannelUri}. */
final class UriOptions {
    private UriOptions() {
    }

    /**
     * @param uri          the URI
     * @param key          parameter name
     * @param defaultValue returned when absent
     * @return the value
     * @throws IllegalArgumentException when present but neither {@code true} nor {@code false}
     */
    static boolean booleanParameter(ChannelUri uri, String key, boolean defaultValue) {
        String value = uri.parameter(key, null);
        if (value == null) {
            return defaultValue;
        }
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException("channel URI '" + uri + "': " + key + "=" + value + " must be true or false");
    }

    /**
     * @param uri          the URI
     * @param key          parameter name
     * @param defaultValue returned when absent
     * @param min          smallest accepted value
     * @param max          largest accepted value
     * @return the value, in {@code [min, max]}
     * @throws IllegalArgumentException when present but not a number or out of range
     */
    static long rangeParameter(ChannelUri uri, String key, long defaultValue, long min, long max) {
        long value = uri.longParameter(key, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + key + "=" + value
                    + " must be in [" + min + ", " + max + "]");
        }
        return value;
    }
}
