package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.UriChannelFixture;
import java.util.Map;

/**
 * {@link ChannelContract} over {@code mq:} URIs: a POSIX queue of its own (8 messages of up to
 * 2000 bytes), unlinked afterwards. The queue outlives its endpoints: neither side's close is
 * reported to the other.
 */
class PosixMqChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() {
        TestQueues queues = new TestQueues();
        String name = queues.posixName();
        String uri = "mq:" + name + "?maxMessages=8&maxMessage=2000";
        ChannelCapabilities capabilities = new ChannelCapabilities(2000, "8 messages in the queue (maxMessages=8, mq_maxmsg)",
                PeerClose.UNNOTICED, PeerClose.UNNOTICED);
        Map<String, String> bad = Map.of(
                "mq:orders", "must be a slash followed by 1 to 255 characters without another slash",
                "mq:/a/b", "must be a slash followed by 1 to 255 characters without another slash",
                "mq:" + name + "?priority=40000", "priority=40000 must be in [0, 32767]",
                "mq:" + name + "?create=maybe", "create=maybe must be true or false");
        return new UriChannelFixture(capabilities, uri, uri, PosixMqOptions.PARAMETERS, PosixMqOptions.PARAMETERS, bad,
                queues::removeAll);
    }
}
