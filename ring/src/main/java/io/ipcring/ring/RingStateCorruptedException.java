package io.ipcring.ring;

/**
 * A value read from a shared ring file is impossible: a position, length, type, claim word or
 * configuration field that no correct writer produces. The file was overwritten by something
 * else (or by a bug); this process stops using the ring rather than read or write out of place.
 */
public class RingStateCorruptedException extends ChannelException {
    private static final long serialVersionUID = 1L;

    /** @param message which file and what was wrong, with the values found */
    public RingStateCorruptedException(String message) {
        super(message);
    }
}
