package io.ipcring.bench;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A flat map of strings written as one line of {@code key=value} words with URL-encoded values:
 * how the bench's processes pass a case's settings on the command line and its result back on a
 * pipe.
 */
final class KeyValues {
    private final Map<String, String> values;

    private KeyValues(Map<String, String> values) {
        this.values = values;
    }

    /** @return an empty, growable map */
    static KeyValues create() {
        return new KeyValues(new LinkedHashMap<>());
    }

    /**
     * @param words {@code key=value} words
     * @return the map
     * @throws IllegalArgumentException for a word without {@code =} or a repeated key
     */
    static KeyValues parse(Iterable<String> words) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String word : words) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + word + "' is not key=value");
            }
            String key = word.substring(0, eq);
            if (map.put(key, URLDecoder.decode(word.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("key '" + key + "' repeats");
            }
        }
        return new KeyValues(map);
    }

    /** @param line space-separated words @return the map */
    static KeyValues parseLine(String line) {
        return parse(java.util.Arrays.asList(line.trim().split(" +")));
    }

    KeyValues put(String key, Object value) {
        if (value != null) {
            values.put(key, value.toString());
        }
        return this;
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "= (have " + values.keySet() + ")");
        }
        return v;
    }

    String getOrNull(String key) {
        return values.get(key);
    }

    int getInt(String key) {
        return (int) getLong(key);
    }

    long getLong(String key) {
        String v = get(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number", e);
        }
    }

    /** @return the words, one per entry */
    String[] toWords() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .toArray(String[]::new);
    }

    /** @return the words joined by single spaces */
    String toLine() {
        StringJoiner j = new StringJoiner(" ");
        for (String w : toWords()) {
            j.add(w);
        }
        return j.toString();
    }
}
