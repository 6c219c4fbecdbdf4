package io.ipcring.channel;

/**
 * The channel is closed: this side closed it, or the peer closed it or died (end of stream on a
 * pipe, FIFO or socket). Nothing more will arrive or be sent on it.
 */
public class ChannelClosedException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message which channel and why */
    public ChannelClosedException(String message) {
        super(message);
    }

    /** @param message which channel and why @param cause the underlying exception */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
