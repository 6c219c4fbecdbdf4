package io.ipcring.sync.os;

/**
 * Picks the implementation of {@link OsCalls} for Java 17–21: jnr-ffi. The multi-release jar
 * holds another version of this class under {@code META-INF/versions/22} that picks
 * {@code java.lang.foreign}; a JVM of version 22 or newer loads that one instead.
 */
final class Binding {
    /** The binding's name, as {@link Os#bindingName()} reports it. */
    static final String NAME = "jnr-ffi";

    private Binding() {
    }

    static OsCalls load() {
        return new JnrOsCalls();
    }
}
