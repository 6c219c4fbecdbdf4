package io.ipcring.sync.os;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags for a child JVM that runs ipcring's own code, worked out from this JVM, for
 * every place in ipcring (tools and tests) that starts one. The child must be started with the
 * same {@code java} as this JVM ({@code java.home}/bin/java), as every such place in ipcring
 * does: the flags are the ones that JVM's version knows.
 *
 * <ul>
 *   <li>Java 17 to 21: none. ipcring's code needs no flag there, and JDK 17 knows none of the
 *       ones below that matter.</li>
 *   <li>Java 22 and newer: {@value #ENABLE_NATIVE_ACCESS}, so the JDK lets ipcring's native calls
 *       (libc, from the class path) through without printing its "WARNING: A restricted method
 *       ... has been called" notice. Plus any {@code --sun-misc-unsafe-memory-access=...} this JVM
 *       was started with: a run under {@code deny} (the CI's check that nothing of ipcring's
 *       touches {@code sun.misc.Unsafe}) keeps its children under {@code deny}.</li>
 * </ul>
 *
 * <p>An executable jar gets the first through its manifest ({@code Enable-Native-Access:
 * ALL-UNNAMED}); that attribute works for {@code java -jar} only, never for {@code java -cp}, so
 * a child started with a class path needs the flag.
 */
public final class ChildJvmFlags {
    /** The JDK's flag that lets class path code call restricted (native) methods without a notice. */
    public static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** The first Java feature release that prints the notice for native access not enabled. */
    static final int NATIVE_ACCESS_NOTICE_SINCE = 22;
    /** The prefix of the JDK's flag that sets how {@code sun.misc.Unsafe}'s memory access is treated (Java 23+). */
    static final String UNSAFE_MEMORY_ACCESS_PREFIX = "--sun-misc-unsafe-memory-access=";

    private ChildJvmFlags() {
    }

    /**
     * The flags a child JVM running ipcring's code needs, derived from this JVM's version and
     * its input arguments ({@link java.lang.management.RuntimeMXBean#getInputArguments()}).
     *
     * @return the flags in the order to pass them; empty on Java 17 to 21
     */
    public static List<String> forIpcring() {
        return forIpcring(Runtime.version().feature(), ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /**
     * Only the native-access part of {@link #forIpcring()}: for a JVM that runs ipcring's code
     * beside another library that brings its own flags (the bench's Agrona, Aeron and Chronicle
     * Queue case JVMs). This JVM's {@code --sun-misc-unsafe-memory-access} mode is a check on
     * ipcring's code and is not handed to a library that still uses {@code sun.misc.Unsafe}.
     *
     * @return {@value #ENABLE_NATIVE_ACCESS} on Java 22 and newer, else nothing
     */
    public static List<String> nativeAccess() {
        return nativeAccess(Runtime.version().feature());
    }

    static List<String> nativeAccess(int feature) {
        return feature >= NATIVE_ACCESS_NOTICE_SINCE ? List.of(ENABLE_NATIVE_ACCESS) : List.of();
    }

    static List<String> forIpcring(int feature, List<String> inputArguments) {
        List<String> flags = new ArrayList<>(nativeAccess(feature));
        if (!flags.isEmpty()) {
            for (String argument : inputArguments) {
                if (argument.startsWith(UNSAFE_MEMORY_ACCESS_PREFIX)) {
                    flags.add(argument);
                }
            }
        }
        return List.copyOf(flags);
    }
}
