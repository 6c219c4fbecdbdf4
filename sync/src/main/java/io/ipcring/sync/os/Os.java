package io.ipcring.sync.os;

/**
 * The one {@link OsCalls} of this JVM: jnr-ffi on Java 17–21, {@code java.lang.foreign} on Java
 * 22 and newer. The choice is made once, by the multi-release jar ({@link Binding} has a second
 * version under {@code META-INF/versions/22}), not by a version test at run time; on Java 22+ no
 * class of jnr or jffi is loaded.
 *
 * <p>When the binding cannot load (jffi cannot write its stub library, an unsupported platform),
 * this class still initializes: every call then throws {@link NativeLayerUnavailableException}
 * with one message naming the cause, the first call and every later one alike.
 */
public final class Os {
    /** Every libc call of the library. A constant, so the JIT binds calls through it directly. */
    public static final OsCalls CALLS = load();

    private Os() {
    }

    private static OsCalls load() {
        try {
            return Binding.load();
        } catch (RuntimeException | LinkageError e) {
            return UnavailableOsCalls.of(Binding.name(), e);
        }
    }

    /** @return the name of the binding in use: {@code "jnr-ffi"} or {@code "java.lang.foreign"} */
    public static String bindingName() {
        return Binding.name();
    }
}
