package io.ipcring.ring;

import io.ipcring.channel.ChannelException;

/**
 * A ring file holds something no correct producer or consumer writes: a record length, type or
 * position out of range, counters that contradict each other, or a header whose layout does not
 * add up. The message names the file and the value found. The ring can no longer be trusted;
 * nothing was read outside it.
 */
public class RingCorruptedException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message the ring and what was wrong, with the values found */
    public RingCorruptedException(String message) {
        super(message);
    }

    /** @param message the ring and what was wrong @param cause the underlying exception */
    public RingCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
