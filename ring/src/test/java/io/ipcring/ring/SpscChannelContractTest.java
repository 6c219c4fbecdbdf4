package io.ipcring.ring;

import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;

/** {@link ChannelContract} over {@code shm:} URIs of kind spsc. */
class SpscChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() {
        return ShmChannelFixture.of(ShmChannelFixture.Kind.SPSC);
    }
}
