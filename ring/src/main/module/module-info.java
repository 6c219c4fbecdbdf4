/**
 * ipcring's channel API and its shared-memory rings.
 *
 * <p>Exported: {@code io.ipcring.channel} (publishers, subscribers, URIs, the message format and
 * the service-provider interface by which a module adds a scheme), {@code io.ipcring.ring} (what
 * every ring family shares and the {@code shm:} scheme), {@code io.ipcring.ring.unicast} (SPSC
 * and MPSC rings), {@code io.ipcring.ring.fanout} (broadcast, work queue, {@code RingQueue}) and
 * {@code io.ipcring.ring.journal} (the persisted, replayable journal and the {@code journal:} scheme).
 * Not exported: {@code io.ipcring.ring.internal}, the endpoint machinery the families share.
 */
module io.ipcring.ring {
    requires transitive io.ipcring.sync;

    exports io.ipcring.channel;
    exports io.ipcring.ring;
    exports io.ipcring.ring.unicast;
    exports io.ipcring.ring.fanout;
    exports io.ipcring.ring.journal;

    uses io.ipcring.channel.ChannelProvider;

    provides io.ipcring.channel.ChannelProvider with io.ipcring.ring.ShmChannelProvider,
            io.ipcring.ring.journal.JournalChannelProvider;
}
