/**
 * The classic IPC mechanisms behind ipcring's channel API, with the same message format: pipes
 * ({@code pipe:}), FIFOs ({@code fifo:}), POSIX and System V message queues ({@code mq:},
 * {@code sysvmq:}) and Unix and TCP sockets ({@code unix:}, {@code tcp:}). Each scheme is a
 * {@link io.ipcring.channel.ChannelProvider}, found by {@link io.ipcring.channel.Channels}; FIFO and
 * socket servers share one framework ({@code io.ipcring.transport.server}).
 * {@code io.ipcring.transport.internal} is not exported.
 */
module io.ipcring.transport {
    requires transitive io.ipcring.ring;

    exports io.ipcring.transport;
    exports io.ipcring.transport.fifo;
    exports io.ipcring.transport.mq;
    exports io.ipcring.transport.pipe;
    exports io.ipcring.transport.server;
    exports io.ipcring.transport.socket;

    provides io.ipcring.channel.ChannelProvider with
            io.ipcring.transport.fifo.FifoChannelProvider,
            io.ipcring.transport.mq.PosixMqProvider,
            io.ipcring.transport.mq.SysVMqProvider,
            io.ipcring.transport.pipe.PipeChannelProvider,
            io.ipcring.transport.socket.SocketChannelProvider;
}
