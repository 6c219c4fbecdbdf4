package io.ipcring.sync.os;

/**
 * Picks the implementation of {@link OsCalls} for Java 22 and newer: {@code java.lang.foreign}.
 * This is the {@code META-INF/versions/22} version of the class; the base version picks jnr-ffi
 * for Java 17–21.
 */
final class Binding {
    /** The binding's name, as {@link Os#bindingName()} reports it. */
    static final String NAME = "java.lang.foreign";

    private Binding() {
    }

    static OsCalls load() {
        return new FfmOsCalls();
    }
}
