package io.ipcring.bench;

/**
 * A transport cannot run here: its scheme or kind is not provided, or the platform lacks it. The
 * case is reported as not available with this message, never measured with something else.
 */
public final class TransportUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why, e.g. the exception the channel factory threw */
    public TransportUnavailableException(String message) {
        super(message);
    }
}
