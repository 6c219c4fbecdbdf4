package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.Set;

/**
 * Opens POSIX message queues for {@link io.ipcring.channel.Channels}: the scheme {@code mq}, e.g.
 * {@code mq:/orders?maxMessages=10&maxMessage=1k&priority=2}. The publishers and subscribers it
 * returns are {@link PosixMqPublisher} and {@link PosixMqSubscriber}.
 */
public final class PosixMqProvider implements ChannelProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public PosixMqProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("mq");
    }

    /** @return a {@link PosixMqPublisher} */
    @Override
    public Publisher publisher(ChannelUri uri) {
        return PosixMqPublisher.open(uri);
    }

    /** @return a {@link PosixMqSubscriber} */
    @Override
    public Subscriber subscriber(ChannelUri uri) {
        return PosixMqSubscriber.open(uri);
    }
}
