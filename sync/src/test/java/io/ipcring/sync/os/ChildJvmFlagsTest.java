package io.ipcring.sync.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChildJvmFlagsTest {
    private static final String DENY = "--sun-misc-unsafe-memory-access=deny";

    @Test
    void onTheJvmRunningThisTestTheFlagsFollowItsFeatureVersionAndItsUnsafeMode() {
        int feature = Runtime.version().feature();
        List<String> flags = ChildJvmFlags.forIpcring();
        if (feature < 22) {
            assertEquals(List.of(), flags, "Java " + feature + " needs no flag");
            assertEquals(List.of(), ChildJvmFlags.nativeAccess());
            return;
        }
        List<String> expected = new ArrayList<>(List.of(ChildJvmFlags.ENABLE_NATIVE_ACCESS));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--sun-misc-unsafe-memory-access=")).forEach(expected::add);
        assertEquals(expected, flags);
        assertEquals(List.of(ChildJvmFlags.ENABLE_NATIVE_ACCESS), ChildJvmFlags.nativeAccess());
    }

    @Test
    void java17To21GetNothingWhateverTheParentWasGiven() {
        for (int feature = 17; feature <= 21; feature++) {
            assertEquals(List.of(), ChildJvmFlags.forIpcring(feature, List.of("-Xmx64m", DENY)), "Java " + feature);
            assertEquals(List.of(), ChildJvmFlags.nativeAccess(feature), "Java " + feature);
        }
    }

    @Test
    void java22AndNewerGetNativeAccessAndKeepTheParentsUnsafeModeOnly() {
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), ChildJvmFlags.forIpcring(22, List.of()));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", DENY),
                ChildJvmFlags.forIpcring(25, List.of("-Xmx64m", DENY, "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "-Dipcring.dir=/tmp", "--enable-native-access=ALL-UNNAMED")));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=warn"),
                ChildJvmFlags.forIpcring(24, List.of("--sun-misc-unsafe-memory-access=warn")));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), ChildJvmFlags.nativeAccess(25));
    }

    @Test
    @Timeout(60)
    void thisJvmsJavaAcceptsTheFlags() throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvmFlags.forIpcring());
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), command + ": " + output);
    }
}
