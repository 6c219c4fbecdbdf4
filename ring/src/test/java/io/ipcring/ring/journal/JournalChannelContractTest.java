package io.ipcring.ring.journal;

import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;

/** {@link ChannelContract} over {@code journal:} URIs: never full, read records stay. */
class JournalChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() {
        return new JournalChannelFixture();
    }
}
