package io.ipcring.ring.journal;

import io.ipcring.channel.ChannelUri;
import io.ipcring.ring.RingGeometry;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.SharedRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A {@code journal:} channel URI parsed and validated: the one place its parameters are read,
 * for {@link JournalChannelProvider} (whose Javadoc has the table) and for the command line.
 * Parsing checks every parameter's name and the form of its value, so a bad URI fails before
 * any file is created; the options together are checked when the journal opens.
 */
public final class JournalUri {
    /** The scheme. */
    public static final String SCHEME = "journal";
    /** The parameters a {@code journal:} URI may have, in the order messages list them. */
    public static final List<String> PARAMETERS = List.of("roll", "max", "appenders", "claimTimeoutMs", "retain", "sync",
            "reader", "from", "wait");
    private static final String FROM_WORDS = "start, end, seq:N or time:ISO-8601";

    private final ChannelUri uri;
    private final Path directory;
    private final JournalStart start;

    private JournalUri(ChannelUri uri, Path directory, JournalStart start) {
        this.uri = uri;
        this.directory = directory;
        this.start = start;
    }

    /**
     * @param text a URI such as {@code journal:/var/lib/app/orders?roll=hourly}
     * @return it, validated
     * @throws IllegalArgumentException naming the URI, the parameter and its value
     */
    public static JournalUri parse(String text) {
        return parse(ChannelUri.parse(text));
    }

    /**
     * @param uri a parsed URI of scheme {@code journal}
     * @return it, validated
     * @throws IllegalArgumentException naming the URI, the parameter and its value: another
     *                                  scheme, an unknown parameter (listing the valid ones), a
     *                                  malformed value, or no directory named
     */
    public static JournalUri parse(ChannelUri uri) {
        if (!SCHEME.equals(uri.scheme())) {
            throw new IllegalArgumentException("channel URI '" + uri + "' is not a journal: URI");
        }
        for (var parameter : uri.parameters().entrySet()) {
            String key = parameter.getKey();
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("channel URI '" + uri + "': unknown parameter '" + key
                        + "' for scheme journal (valid: " + String.join(", ", PARAMETERS) + ")");
            }
        }
        JournalStart start;
        try {
            start = start(uri.parameter("from", "start"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + e.getMessage(), e);
        }
        JournalUri parsed = new JournalUri(uri, directory(uri), start);
        parsed.options(JournalOptions.defaults());
        return parsed;
    }

    /**
     * @param text a URI
     * @return true when its scheme is {@code journal} (a URI without a scheme is not)
     */
    public static boolean isJournal(String text) {
        return text.regionMatches(true, 0, SCHEME + ":", 0, SCHEME.length() + 1);
    }

    /**
     * Reads a start as {@code from=} and the command line's {@code --from} write it.
     *
     * @param value {@code start}, {@code end}, {@code seq:N} or {@code time:ISO-8601} (an instant
     *              such as {@code 2026-12-08T03:00:00Z} or a time with an offset; a space stands
     *              for the {@code +} a URI query decodes to one)
     * @return the start
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static JournalStart start(String value) {
        String word = value.trim().toLowerCase(Locale.ROOT);
        if (word.equals("start")) {
            return JournalStart.first();
        }
        if (word.equals("end")) {
            return JournalStart.end();
        }
        if (word.startsWith("seq:")) {
            try {
                long sequence = Long.parseLong(word.substring(4));
                if (sequence >= 0) {
                    return JournalStart.sequence(sequence);
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted forms
            }
            throw new IllegalArgumentException("from=" + value + ": the sequence must be a number >= 0 (expected "
                    + FROM_WORDS + ")");
        }
        if (word.startsWith("time:")) {
            String time = value.trim().substring(5).replace(' ', '+');
            try {
                return JournalStart.time(Instant.parse(time));
            } catch (DateTimeParseException e) {
                try {
                    return JournalStart.time(OffsetDateTime.parse(time).toInstant());
                } catch (DateTimeParseException again) {
                    throw new IllegalArgumentException("from=" + value + ": not an ISO-8601 time such as "
                            + "2026-12-08T03:00:00Z (expected " + FROM_WORDS + ")");
                }
            }
        }
        throw new IllegalArgumentException("unknown from=" + value + " (expected " + FROM_WORDS + ")");
    }

    /**
     * @param uri a {@code journal:} URI
     * @return its directory: {@code name} or {@code /name} without further slashes in
     *         {@link SharedRegion#defaultDirectory()}, as {@code shm:} names rings; any other
     *         target is the directory's path
     * @throws IllegalArgumentException when the target names no journal ({@code journal:/})
     */
    static Path directory(ChannelUri uri) {
        String target = uri.target();
        String name = target.startsWith("/") ? target.substring(1) : target;
        if (name.isEmpty() || name.equals("/")) {
            throw new IllegalArgumentException("channel URI '" + uri + "' names no journal (expected journal:/name or "
                    + "journal:/path/to/directory)");
        }
        return name.indexOf('/') < 0 ? SharedRegion.defaultDirectory().resolve(name) : Paths.get(target);
    }

    /** @return the journal's directory */
    public Path directory() {
        return directory;
    }

    /** @return where a reader starts ({@code from=}, the first record unless given) */
    public JournalStart start() {
        return start;
    }

    /** @return the named reader's name ({@code reader=}), or null for an unnamed reader */
    public String readerName() {
        return uri.parameter("reader", null);
    }

    /** @return the URI as given */
    @Override
    public String toString() {
        return uri.toString();
    }

    /**
     * Opens the journal, creating it with the URI's options when it does not exist; the options
     * the URI does not give are an existing journal's, those it gives must match it.
     *
     * @return the journal
     * @throws IllegalArgumentException naming the URI and each option that differs from the
     *                                  existing journal's, or that is out of range
     */
    public Journal open() {
        JournalOptions base = JournalOptions.defaults();
        if (Files.exists(directory.resolve(JournalMetaDescriptor.FILE_NAME))) {
            try (Journal existing = Journal.openReadOnly(directory)) {
                base = existing.options();
            }
        }
        try {
            return Journal.open(directory, options(base));
        } catch (IllegalArgumentException e) {
            throw named(e);
        }
    }

    /** @return {@code e} with the URI in front of its message (once) */
    IllegalArgumentException named(IllegalArgumentException e) {
        String prefix = "channel URI '" + uri + "'";
        return e.getMessage() != null && e.getMessage().startsWith(prefix) ? e
                : new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
    }

    /**
     * @param base the options of what the URI does not give
     * @return {@code base} with the URI's {@code roll}, {@code max}, {@code appenders},
     *         {@code claimTimeoutMs}, {@code retain} ({@link JournalRetention#parse}), {@code sync}
     *         ({@link JournalSync#parse}) and {@code wait}
     * @throws IllegalArgumentException naming a malformed value
     */
    JournalOptions options(JournalOptions base) {
        JournalOptions options = base.waitStrategy(waitStrategy());
        String roll = uri.parameter("roll", null);
        if (roll != null) {
            options = roll(options, roll);
        }
        if (uri.parameters().containsKey("max")) {
            int max = intParameter("max");
            if (max < 1) {
                throw new IllegalArgumentException("channel URI '" + uri + "': max=" + uri.parameter("max", null)
                        + " must be positive (the largest payload, in bytes)");
            }
            options = options.maxMessageLength(max);
        }
        if (uri.parameters().containsKey("appenders")) {
            int appenders = intParameter("appenders");
            if (appenders < 1 || appenders > RingGeometry.MAX_SLOTS) {
                throw new IllegalArgumentException("channel URI '" + uri + "': appenders=" + uri.parameter("appenders", null)
                        + " must be in [1, " + RingGeometry.MAX_SLOTS + "]");
            }
            options = options.appenderSlots(appenders);
        }
        if (uri.parameters().containsKey("claimTimeoutMs")) {
            long millis = uri.longParameter("claimTimeoutMs", 0);
            if (millis < 0) {
                throw new IllegalArgumentException("channel URI '" + uri + "': claimTimeoutMs=" + millis
                        + " must not be negative (0: only dead appenders' claims are repaired)");
            }
            options = options.stuckClaimTimeout(millis, TimeUnit.MILLISECONDS);
        }
        String retain = uri.parameter("retain", null);
        if (retain != null) {
            options = options.retention(parsed(() -> JournalRetention.parse(retain)));
        }
        String sync = uri.parameter("sync", null);
        if (sync != null) {
            options = options.sync(parsed(() -> JournalSync.parse(sync)));
        }
        return options;
    }

    /** {@code roll=}: {@code size:N[k|m|g]}, {@code hourly}, {@code daily}, {@code none}, or a size and a period joined by a comma. */
    private JournalOptions roll(JournalOptions options, String value) {
        JournalOptions result = options;
        boolean size = false;
        boolean period = false;
        for (String part : value.split(",", -1)) {
            String term = part.trim().toLowerCase(Locale.ROOT);
            if (term.startsWith("size:") && !size) {
                result = result.rollBytes(rollBytes(value, term.substring(5)));
                size = true;
            } else if ((term.equals("hourly") || term.equals("daily") || term.equals("none")) && !period) {
                result = result.rollPeriod(RollPeriod.valueOf(term.toUpperCase(Locale.ROOT)));
                period = true;
            } else {
                throw new IllegalArgumentException("channel URI '" + uri + "': unknown roll=" + value
                        + " (expected size:N with k, m or g, hourly, daily or none, or a size and a period: size:256m,hourly)");
            }
        }
        return result;
    }

    private int rollBytes(String value, String size) {
        long multiplier = 1;
        String digits = size;
        if (digits.endsWith("k") || digits.endsWith("m") || digits.endsWith("g")) {
            multiplier = digits.endsWith("k") ? 1L << 10 : digits.endsWith("m") ? 1L << 20 : 1L << 30;
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            long bytes = Math.multiplyExact(Long.parseLong(digits), multiplier);
            if (bytes >= JournalOptions.MIN_ROLL_BYTES && bytes <= JournalOptions.MAX_ROLL_BYTES
                    && bytes % RingGeometry.PAGE_LENGTH == 0) {
                return (int) bytes;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("channel URI '" + uri + "': roll=" + value + ": the size must be a multiple of "
                + RingGeometry.PAGE_LENGTH + " bytes in [" + JournalOptions.MIN_ROLL_BYTES + ", " + JournalOptions.MAX_ROLL_BYTES
                + "] (k, m, g suffixes: size:64k to size:1g)");
    }

    private WaitStrategy waitStrategy() {
        switch (uri.choice("wait", "block", List.of("spin", "yield", "backoff", "block"))) {
            case "spin":
                return WaitStrategy.BUSY_SPIN;
            case "yield":
                return WaitStrategy.YIELD;
            case "backoff":
                return WaitStrategy.BACKOFF;
            default:
                return WaitStrategy.BLOCKING;
        }
    }

    /** @return what {@code parser} returns; its {@link IllegalArgumentException} (which names the parameter and value) with the URI in front */
    private <T> T parsed(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw named(e);
        }
    }

    /** @throws IllegalArgumentException naming the parameter when it is not a number or does not fit an int */
    private int intParameter(String key) {
        long value = uri.longParameter(key, 0);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("channel URI '" + uri + "': " + key + "=" + value + " is out of range");
        }
        return (int) value;
    }
}
