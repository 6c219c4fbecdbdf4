package io.ipcring.transport.socket;

/**
 * The listening side of a {@link SocketServer}, one per address family: it accepts clients as
 * {@link Connection}s and tells which of them have something to read. {@link UnixListener}
 * drives native Unix domain sockets with {@code poll(2)}; {@link TcpListener} drives java.nio TCP
 * channels with a selector. Used by the server's polling thread only.
 */
interface Listener {
    /** What {@link #await} reports; implemented once by the server and reused by every poll. */
    interface Events {
        /** Clients are waiting to be accepted. */
        void onAcceptable();

        /**
         * A connection has data, an end of stream or an error to read.
         *
         * @param connection the connection, possibly closed since (then to be skipped)
         */
        void onReadable(Connection connection);
    }

    /**
     * Waits until a client is waiting or a connection is readable, reporting each to
     * {@code events}. A wait may return early and empty (so the caller can notice an interrupt);
     * connections closed since the last call are forgotten first.
     *
     * @param waitMillis the longest wait, 0 for a check without waiting
     * @param events     receives what is ready
     */
    void await(long waitMillis, Events events);

    /**
     * Accepts one waiting client.
     *
     * @param id the number the new connection gets
     * @return the connection, registered for {@link #await}, or null when nobody is waiting
     * @throws io.ipcring.channel.ChannelException when accepting or setting up the connection fails
     *                                          (that client is closed; others may follow)
     */
    Connection accept(long id);

    /** @return the address clients connect to */
    java.net.SocketAddress localAddress();

    /** Stops listening (and removes a Unix socket file); the connections are the server's to close. */
    void close();
}
