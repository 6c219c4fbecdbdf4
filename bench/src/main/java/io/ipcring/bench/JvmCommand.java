package io.ipcring.bench;

import io.ipcring.sync.os.ChildJvmFlags;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line that starts one of the bench's JVMs on this JVM's class path. */
final class JvmCommand {
    /** System properties handed on to every case JVM when set here. */
    private static final List<String> INHERITED_PROPERTIES = List.of("ipcring.dir");

    private JvmCommand() {
    }

    /**
     * Every case JVM runs ipcring's code (the control region, the floor probe, the case loop), so
     * it gets what {@link ChildJvmFlags} says that code needs on this JVM's {@code java}. A
     * transport with JVM flags of its own is a peer library's (Agrona, Aeron, Chronicle Queue):
     * its JVMs get its flags, all of them, and only the native-access part of ipcring's, not this
     * JVM's {@code --sun-misc-unsafe-memory-access} mode, which checks ipcring's code and would
     * stop a peer that still uses {@code sun.misc.Unsafe}.
     *
     * @param pinPrefix words that pin the JVM to a CPU (empty for none)
     * @param flags     JVM flags of the transport
     * @param mainClass the class to run
     * @param args      its arguments
     * @return the command
     */
    static List<String> of(List<String> pinPrefix, List<String> flags, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(pinPrefix);
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags.isEmpty() ? ChildJvmFlags.forIpcring() : ChildJvmFlags.nativeAccess());
        command.addAll(flags);
        for (String property : INHERITED_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }
}
