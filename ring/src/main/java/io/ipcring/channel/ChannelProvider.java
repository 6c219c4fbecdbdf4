package io.ipcring.channel;

import java.util.Set;

/**
 * The service-provider interface through which transports add URI schemes to {@link Channels}.
 * Implementations are found with {@link java.util.ServiceLoader}: list the class name in
 * {@code META-INF/services/io.ipcring.channel.ChannelProvider}. They need a public no-argument
 * constructor.
 */
public interface ChannelProvider {
    /** @return the URI schemes this provider opens, lower case */
    Set<String> schemes();

    /**
     * Opens the sending side of a channel.
     *
     * @param uri the parsed URI, whose scheme is one of {@link #schemes()}
     * @return the publisher
     */
    Publisher publisher(ChannelUri uri);

    /**
     * Opens the receiving side of a channel.
     *
     * @param uri the parsed URI, whose scheme is one of {@link #schemes()}
     * @return the subscriber
     */
    Subscriber subscriber(ChannelUri uri);
}
