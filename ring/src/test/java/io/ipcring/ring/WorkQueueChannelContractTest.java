package io.ipcring.ring;

/** {@link ChannelContract} over {@code shm:} URIs of kind workqueue. */
class WorkQueueChannelContractTest extends ChannelContract {
    @Override
    protected ChannelFixture newFixture() {
        return ShmChannelFixture.of(ShmChannelFixture.Kind.WORKQUEUE);
    }
}
