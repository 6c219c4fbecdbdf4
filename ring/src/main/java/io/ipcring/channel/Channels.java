package io.ipcring.channel;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens publishers and subscribers by URI; the scheme picks the transport. The ring module
 * provides {@code shm:}; other modules on the class path add theirs through
 * {@link ChannelProvider}.
 *
 * <pre>{@code
 * try (Publisher out = Channels.publisher("shm:/orders?kind=spsc&capacity=1m")) {
 *     out.offer(bytes, 0, bytes.length, 1);
 * }
 * }</pre>
 */
public final class Channels {
    private Channels() {
    }

    /**
     * @param uri a channel URI such as {@code shm:/orders?kind=mpsc}
     * @return a publisher on that channel
     * @throws IllegalArgumentException when the URI is malformed or its scheme is unknown
     */
    public static Publisher publisher(String uri) {
        ChannelUri parsed = ChannelUri.parse(uri);
        return provider(parsed).publisher(parsed);
    }

    /**
     * @param uri a channel URI such as {@code shm:/orders?kind=mpsc}
     * @return a subscriber on that channel
     * @throws IllegalArgumentException when the URI is malformed or its scheme is unknown
     */
    public static Subscriber subscriber(String uri) {
        ChannelUri parsed = ChannelUri.parse(uri);
        return provider(parsed).subscriber(parsed);
    }

    /** @return every scheme available on the class path, with the provider class serving it */
    public static Map<String, String> schemes() {
        Map<String, String> schemes = new TreeMap<>();
        for (ChannelProvider provider : ServiceLoader.load(ChannelProvider.class, Channels.class.getClassLoader())) {
            for (String scheme : provider.schemes()) {
                schemes.putIfAbsent(scheme, provider.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(schemes);
    }

    private static ChannelProvider provider(ChannelUri uri) {
        for (ChannelProvider provider : ServiceLoader.load(ChannelProvider.class, Channels.class.getClassLoader())) {
            if (provider.schemes().contains(uri.scheme())) {
                return provider;
            }
        }
        throw new IllegalArgumentException("no transport for scheme '" + uri.scheme() + "' in " + uri
                + " (available: " + schemes().keySet() + "; legacy schemes need ipcring-legacy-transports on the class path)");
    }
}
