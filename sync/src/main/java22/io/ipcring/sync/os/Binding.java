package io.ipcring.sync.os;

/**
 * Picks the implementation of {@link OsCalls} for Java 22 and newer: {@code java.lang.foreign}.
 * This is the {@code META-INF/versions/22} version of the class; the base version picks jnr-ffi
 * for Java 17–21.
 */
final class Binding {
    private Binding() {
    }

    /**
     * The binding's name, as {@link Os#bindingName()} reports it. A method, not a constant: javac
     * copies a {@code static final String} constant into the classes that read it, so {@link Os}
     * would report the name of the version it was compiled against, whichever version is loaded.
     *
     * @return {@code "java.lang.foreign"}
     */
    static String name() {
        return "java.lang.foreign";
    }

    /** @return a new instance of this binding's {@link OsCalls} */
    static OsCalls load() {
        return new FfmOsCalls();
    }
}
