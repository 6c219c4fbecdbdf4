package io.ipcring.channel;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed channel URI: {@code scheme:target?key=value&key=value}. The target is everything
 * between the scheme's colon and the {@code ?}: a path ({@code shm:/orders},
 * {@code fifo:/tmp/orders}), a key ({@code sysvmq:0x1234}), {@code //host:port}
 * ({@code tcp://127.0.0.1:7000}) or a word ({@code pipe:stdio}).
 */
public final class ChannelUri {
    private final String text;
    private final String scheme;
    private final String target;
    private final Map<String, String> parameters;

    private ChannelUri(String text, String scheme, String target, Map<String, String> parameters) {
        this.text = text;
        this.scheme = scheme;
        this.target = target;
        this.parameters = parameters;
    }

    /**
     * Parses a URI.
     *
     * @param text the URI
     * @return the parsed form
     * @throws IllegalArgumentException when there is no scheme, no target, or a parameter repeats
     *                                  or has no {@code =}
     */
    public static ChannelUri parse(String text) {
        Objects.requireNonNull(text, "uri");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("channel URI '" + text + "' has no scheme (expected scheme:target, e.g. shm:/orders)");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("channel URI '" + text + "' has an invalid scheme '" + scheme + "'");
        }
        int question = text.indexOf('?', colon + 1);
        String target = question < 0 ? text.substring(colon + 1) : text.substring(colon + 1, question);
        if (target.isEmpty()) {
            throw new IllegalArgumentException("channel URI '" + text + "' has no target after '" + scheme + ":'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (question >= 0 && question + 1 < text.length()) {
            for (String pair : text.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("channel URI '" + text + "': parameter '" + pair + "' is not key=value");
                }
                String key = decode(pair.substring(0, eq));
                if (parameters.put(key, decode(pair.substring(eq + 1))) != null) {
                    throw new IllegalArgumentException("channel URI '" + text + "': parameter '" + key + "' repeats");
                }
            }
        }
        return new ChannelUri(text, scheme, target, Collections.unmodifiableMap(parameters));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** @return the scheme, lower case */
    public String scheme() {
        return scheme;
    }

    /** @return the target: what follows the scheme's colon, up to the query */
    public String target() {
        return target;
    }

    /** @return the parameters in the order given */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * @param key          parameter name
     * @param defaultValue returned when absent
     * @return the parameter's value or the default
     */
    public String parameter(String key, String defaultValue) {
        return parameters.getOrDefault(key, defaultValue);
    }

    /**
     * Reads a parameter whose value is one of a fixed set of words, ignoring case
     * ({@code kind=MPSC} is {@code kind=mpsc}): every enumerated parameter of every scheme is read
     * this way.
     *
     * @param key          parameter name
     * @param defaultValue returned when absent
     * @param choices      the accepted words, lower case
     * @return the value in lower case, or the default
     * @throws IllegalArgumentException naming the key, the value given and the accepted words
     */
    public String choice(String key, String defaultValue, List<String> choices) {
        String value = parameters.get(key);
        if (value == null) {
            return defaultValue;
        }
        String word = value.toLowerCase(Locale.ROOT);
        if (!choices.contains(word)) {
            int last = choices.size() - 1;
            String expected = last == 0 ? choices.get(0)
                    : String.join(", ", choices.subList(0, last)) + " or " + choices.get(last);
            throw new IllegalArgumentException("channel URI '" + text + "': unknown " + key + "=" + value
                    + " (expected " + expected + ")");
        }
        return word;
    }

    /**
     * Reads an integer parameter, accepting the suffixes k, m, g (binary multiples) for sizes.
     *
     * @param key          parameter name
     * @param defaultValue returned when absent
     * @return the value
     * @throws IllegalArgumentException when present but not a number
     */
    public long longParameter(String key, long defaultValue) {
        String value = parameters.get(key);
        if (value == null) {
            return defaultValue;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            multiplier = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.decode(v), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("channel URI '" + text + "': " + key + "=" + value + " is not a number");
        }
    }

    /**
     * Checks that every parameter is one the transport knows, so a typo is reported rather than
     * ignored.
     *
     * @param known the parameter names the transport reads
     * @throws IllegalArgumentException naming the first unknown parameter
     */
    public void requireOnly(java.util.Set<String> known) {
        for (String key : parameters.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("channel URI '" + text + "': unknown parameter '" + key
                        + "' for scheme " + scheme + " (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelUri && ((ChannelUri) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
