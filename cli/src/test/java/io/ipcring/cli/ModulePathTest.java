package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ipcring's library jars as named modules: a child JVM puts sync, ring and legacy-transports
 * (with their dependencies) on the module path and runs {@link ModulePathMain} from the class
 * path. Proves the descriptors resolve, export what is API and nothing internal, register the
 * providers, and that the native layer loads there on this JVM (jnr-ffi on 17 to 21,
 * {@code java.lang.foreign} on 22 and later) without a JDK warning.
 */
class ModulePathTest {
    /** The jars that become named modules, by the start of their file names. */
    private static final List<String> IPCRING_JARS = List.of("ipcring-sync-", "ipcring-ring-", "ipcring-legacy-transports-");
    /** The libraries those modules require, and what those require in turn. */
    private static final List<String> DEPENDENCY_JARS = List.of("jnr-", "jffi-", "asm", "agrona-");

    @TempDir
    Path directory;

    @Test
    void theLibraryJarsWorkAsNamedModules() throws Exception {
        List<Path> modulePath = modulePath();
        List<String> flags = new ArrayList<>();
        if (Runtime.version().feature() >= 22) {
            flags.add("--enable-native-access=io.ipcring.sync");
        }
        for (String flag : ChildJvmFlags.forIpcring()) {
            if (!flag.equals(ChildJvmFlags.ENABLE_NATIVE_ACCESS)) {
                flags.add(flag);
            }
        }
        flags.addAll(List.of("--module-path", join(modulePath), "--add-modules", "ALL-MODULE-PATH"));
        try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.thisJava(), flags, testClasses().toString(),
                ModulePathMain.class, directory.toString())) {
            int exit = child.waitFor(60, TimeUnit.SECONDS);
            String out = child.output();
            assertEquals(0, exit, "exit status; stdout and stderr:\n" + out);
            assertFalse(out.contains("WARNING"), "the JDK warned:\n" + out);
            assertTrue(out.contains("channel module io.ipcring.ring\n"), out);
            assertTrue(out.contains("sync module io.ipcring.sync\n"), out);
            assertTrue(out.contains("ring.internal exported false\n"), out);
            assertTrue(out.contains("sync.os exported false\n"), out);
            assertTrue(out.contains("schemes [fifo, journal, mq, pipe, shm, sysvmq, tcp, unix]\n"), out);
            for (String kind : List.of("spsc", "mpsc", "workqueue", "journal")) {
                assertTrue(out.contains(kind + " sent true received type 7 length 3\n"), out);
            }
            assertTrue(out.contains("queue through a named module\n"), out);
        }
    }

    /** The packaged library jars and their dependencies from this test's class path. */
    private static List<Path> modulePath() throws IOException {
        List<Path> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Paths::get).collect(Collectors.toList());
        List<Path> modulePath = new ArrayList<>();
        for (String prefix : IPCRING_JARS) {
            Path jar = entries.stream()
                    .filter(entry -> entry.getFileName().toString().startsWith(prefix)
                            && entry.getFileName().toString().endsWith(".jar")
                            && !entry.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst().orElse(null);
            Assumptions.assumeTrue(jar != null, "no packaged " + prefix + "*.jar on the class path: "
                    + "the module descriptors are compiled when a module is packaged, so run mvn package or verify");
            modulePath.add(jar);
        }
        entries.stream()
                .filter(entry -> DEPENDENCY_JARS.stream().anyMatch(entry.getFileName().toString()::startsWith))
                .forEach(modulePath::add);
        return modulePath;
    }

    /** The directory holding {@link ModulePathMain}, which runs from the class path. */
    private static Path testClasses() throws Exception {
        return Paths.get(ModulePathMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
