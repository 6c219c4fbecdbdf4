package io.ipcring.sync.os;

/**
 * Picks the implementation of {@link OsCalls} for Java 17–21: jnr-ffi. The multi-release jar
 * holds another version of this class under {@code META-INF/versions/22} that picks
 * {@code java.lang.foreign}; a JVM of version 22 or newer loads that one instead.
 */
final class Binding {
    private Binding() {
    }

    /**
     * The binding's name, as {@link Os#bindingName()} reports it. A method, not a constant: javac
     * copies a {@code static final String} constant into the classes that read it, so {@link Os}
     * would report the name of the version it was compiled against, whichever version is loaded.
     *
     * @return {@code "jnr-ffi"}
     */
    static String name() {
        return "jnr-ffi";
    }

    /** @return a new instance of this binding's {@link OsCalls} */
    static OsCalls load() {
        return new JnrOsCalls();
    }
}
