package io.ipcring.sync.os;

/**
 * Thrown by every native call when this JVM could not load ipcring's native layer (jnr-ffi on
 * Java 17–21, {@code java.lang.foreign} on 22+): no ring, primitive or transport works here. The
 * message names the cause and what to change; it is the same on every call, and the original
 * failure is the cause.
 */
public final class NativeLayerUnavailableException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to change
     * @param cause   the failure of the binding's loading
     */
    public NativeLayerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
