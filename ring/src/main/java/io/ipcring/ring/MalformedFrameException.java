package io.ipcring.ring;

/**
 * A frame read from a pipe, FIFO, queue or socket is not a valid ipcring message: negative or
 * oversized length, reserved type, truncated header or payload. The connection it came from can
 * no longer be trusted and is closed; others are not affected.
 */
public class MalformedFrameException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with the values found */
    public MalformedFrameException(String message) {
        super(message);
    }
}
