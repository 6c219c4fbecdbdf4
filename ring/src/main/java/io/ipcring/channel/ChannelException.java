package io.ipcring.channel;

/** A channel failed: it cannot be opened, or an I/O operation on it failed. */
public class ChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the values concerned */
    public ChannelException(String message) {
        super(message);
    }

    /** @param message what failed @param cause the underlying exception */
    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
