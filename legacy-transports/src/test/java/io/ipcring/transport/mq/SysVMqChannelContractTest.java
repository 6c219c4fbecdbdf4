package io.ipcring.transport.mq;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.UriChannelFixture;
import java.util.Map;

/**
 * {@link ChannelContract} over {@code sysvmq:} URIs: a System V queue of its own (8 KiB of
 * frames, messages up to 2000 bytes), removed afterwards. The queue outlives its endpoints:
 * neither side's close is reported to the other.
 */
class SysVMqChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() {
        TestQueues queues = new TestQueues();
        String key = TestQueues.hex(queues.sysvKey());
        String uri = "sysvmq:" + key + "?maxMessage=2000&queueBytes=8192";
        ChannelCapabilities capabilities = new ChannelCapabilities(2000,
                "8192 bytes of frames (8-byte header + payload each) in the queue (queueBytes=8192, msg_qbytes)",
                PeerClose.UNNOTICED, PeerClose.UNNOTICED);
        Map<String, String> bad = Map.of(
                "sysvmq:0", "0 is IPC_PRIVATE",
                "sysvmq:orders", "is neither a decimal or 0x-hexadecimal number nor a path starting with /",
                "sysvmq:" + key + "?proj=2", "proj applies only to a path target",
                "sysvmq:" + key + "?removeOnClose=yes", "removeOnClose=yes must be true or false");
        return new UriChannelFixture(capabilities, uri, uri, SysVMqOptions.PARAMETERS, SysVMqOptions.PARAMETERS, bad,
                queues::removeAll);
    }
}
