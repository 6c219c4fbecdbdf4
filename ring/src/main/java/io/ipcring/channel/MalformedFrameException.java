package io.ipcring.channel;

/**
 * A frame read from a pipe, FIFO, queue or socket is not a valid ipcring message: negative or
 * oversized length, reserved type, truncated header or payload. On a stream (pipe, FIFO, socket)
 * the frame boundary is lost, so the connection it came from is closed; other connections are not
 * affected. On a message queue every message is self-delimiting, so the bad message is consumed
 * and the channel goes on with the next one.
 */
public class MalformedFrameException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with the values found */
    public MalformedFrameException(String message) {
        super(message);
    }
}
