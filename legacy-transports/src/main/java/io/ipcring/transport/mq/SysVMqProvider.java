package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelProvider;
import io.ipcring.channel.ChannelUri;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.Set;

/**
 * Opens System V message queues for {@link io.ipcring.channel.Channels}: the scheme {@code sysvmq},
 * e.g. {@code sysvmq:0x1234?type=2} or {@code sysvmq:/tmp/orders?proj=7&type=-5}. The publishers
 * and subscribers it returns are {@link SysVMqPublisher} and {@link SysVMqSubscriber}.
 */
public final class SysVMqProvider implements ChannelProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public SysVMqProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("sysvmq");
    }

    /** @return a {@link SysVMqPublisher} */
    @Override
    public Publisher publisher(ChannelUri uri) {
        return SysVMqPublisher.open(uri);
    }

    /** @return a {@link SysVMqSubscriber} */
    @Override
    public Subscriber subscriber(ChannelUri uri) {
        return SysVMqSubscriber.open(uri);
    }
}
