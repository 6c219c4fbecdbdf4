package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.sync.PosixNamedSemaphore;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import io.ipcring.transport.mq.PosixMessageQueue;
import io.ipcring.transport.mq.SysVMessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which JVM flags ipcring needs: runs {@link NoJvmFlagsChild}, which uses every primitive, ring
 * kind and transport, on a plain {@code java [flags] -cp <this class path> ...} (no options slipped
 * in through {@code JAVA_TOOL_OPTIONS} and friends) and reads everything it prints:
 * <ul>
 *   <li>this test's {@code java} with no flag: completes; no line mentions {@code sun.misc.Unsafe},
 *       no {@code --add-opens}/{@code --add-exports} is asked for; on Java 17 to 21 no warning at
 *       all, on 22+ nothing but the JDK's native-access notice;</li>
 *   <li>this test's {@code java} with {@link ChildJvmFlags#forIpcring()}, what ipcring gives every
 *       JVM it starts: no warning at all;</li>
 *   <li>Java 25 ({@value #JAVA_25}, skipped when not installed) with no flag: completes, no line
 *       mentions {@code sun.misc.Unsafe}, only the native-access notice; with
 *       {@code --enable-native-access=ALL-UNNAMED}: no warning at all; with that and
 *       {@code --sun-misc-unsafe-memory-access=deny}: completes every exercise and exits 0.</li>
 * </ul>
 * The child's class path is this JVM's: in the reactor's {@code mvn verify} it holds sync's
 * packaged multi-release jar, whose Java 22 classes a Java 25 child uses.
 */
@Timeout(600)
class NoJvmFlagsTest {
    static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    private static final String DENY_UNSAFE = "--sun-misc-unsafe-memory-access=deny";
    /** The lines of the JDK's notice for a restricted (native) method called without native access enabled. */
    private static final List<Pattern> NATIVE_ACCESS_NOTICE = Stream.of(
            "WARNING: A restricted method in [\\w.$]+ has been called",
            "WARNING: [\\w.$]+::[\\w$<>]+ has been called by [\\w.$]+ in an unnamed module.*",
            "WARNING: Use --enable-native-access=ALL-UNNAMED to avoid a warning for callers in this module",
            "WARNING: Restricted methods will be blocked in a future release unless native access is enabled")
            .map(Pattern::compile).collect(Collectors.toList());

    @Test
    void thisJavaWithoutFlagsNeedsNoneAndOnJava22AndNewerPrintsOnlyTheNativeAccessNotice() throws Exception {
        int feature = Runtime.version().feature();
        String output = run(ChildJvm.thisJava(), List.of(), feature);
        assertNoUnsafeAndNoOpens(output);
        assertWarnings(output, feature >= 22);
    }

    @Test
    void thisJavaWithTheFlagsIpcringGivesItsJvmsPrintsNoWarning() throws Exception {
        String output = run(ChildJvm.thisJava(), ChildJvmFlags.forIpcring(), Runtime.version().feature());
        assertNoUnsafeAndNoOpens(output);
        assertWarnings(output, false);
    }

    @Test
    void java25WithoutFlagsPrintsOnlyTheNativeAccessNotice() throws Exception {
        String output = run(java25(), List.of(), 25);
        assertNoUnsafeAndNoOpens(output);
        assertWarnings(output, true);
    }

    @Test
    void java25WithNativeAccessEnabledPrintsNoWarning() throws Exception {
        String output = run(java25(), List.of(ChildJvmFlags.ENABLE_NATIVE_ACCESS), 25);
        assertNoUnsafeAndNoOpens(output);
        assertWarnings(output, false);
    }

    @Test
    void java25WithNativeAccessEnabledAndSunMiscUnsafeDeniedDoesEverything() throws Exception {
        String output = run(java25(), List.of(ChildJvmFlags.ENABLE_NATIVE_ACCESS, DENY_UNSAFE), 25);
        assertNoUnsafeAndNoOpens(output);
        assertWarnings(output, false);
    }

    private static Path java25() {
        Path java = Paths.get(JAVA_25);
        assumeTrue(Files.isExecutable(java), JAVA_25 + " is not installed");
        return java;
    }

    /**
     * Runs the child and checks it did every exercise: exit 0, the Java line, one {@code ok} line
     * per exercise in order, {@code DONE} last, and no line that is neither these nor a warning.
     *
     * @return everything it printed, stdout and stderr
     */
    private static String run(Path java, List<String> flags, int feature) throws Exception {
        TestPaths paths = new TestPaths();
        Path dir = paths.directory("njf");
        String tag = ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        String posixName = "/ipcring-njf-" + tag;
        int sysvKey = freeSysVKey();
        try (ChildJvm child = ChildJvm.start(List.of(), java, flags, ChildJvm.thisClassPath(),
                NoJvmFlagsChild.class, dir.toString(), posixName, "0x" + Integer.toHexString(sysvKey))) {
            int exit = child.waitFor(300, TimeUnit.SECONDS);
            String output = child.output();
            String what = java + " " + flags + " printed:\n" + output;
            assertEquals(0, exit, what);
            List<String> lines = output.lines().collect(Collectors.toList());
            assertTrue(lines.contains(NoJvmFlagsChild.JAVA_LINE + feature), what);
            assertEquals(NoJvmFlagsChild.EXERCISES, lines.stream().filter(l -> l.startsWith("ok "))
                    .map(l -> l.substring(3)).collect(Collectors.toList()), what);
            assertEquals("DONE", output.strip().lines().reduce((a, b) -> b).orElse(""), what);
            assertEquals(List.of(), lines.stream()
                    .filter(l -> !l.isBlank() && !l.startsWith(NoJvmFlagsChild.JAVA_LINE) && !l.startsWith("ok ")
                            && !l.equals("DONE") && !l.startsWith("WARNING: "))
                    .collect(Collectors.toList()), "lines besides the child's own and warnings; " + what);
            return output;
        } finally {
            // what a failed child left; each is gone already after a run that completed. The
            // directory goes even when removing a queue or semaphore throws.
            try {
                PosixNamedSemaphore.unlink(posixName);
                PosixMessageQueue.unlink(posixName);
                SysVMessageQueue.remove(sysvKey);
            } finally {
                paths.close();
            }
        }
    }

    private static void assertNoUnsafeAndNoOpens(String output) {
        for (String line : output.lines().collect(Collectors.toList())) {
            assertFalse(line.contains("sun.misc.Unsafe"), "a line mentions sun.misc.Unsafe: " + line + "\nin:\n" + output);
        }
        String lower = output.toLowerCase(Locale.ROOT);
        for (String complaint : List.of("illegal", "add-opens", "add-exports", "inaccessible")) {
            assertFalse(lower.contains(complaint), complaint + " in:\n" + output);
        }
    }

    /**
     * @param nativeAccessNotice whether the JDK's native-access notice may be there (Java 22+ run
     *                           without {@code --enable-native-access}); no other warning may
     */
    private static void assertWarnings(String output, boolean nativeAccessNotice) {
        for (String line : output.lines().collect(Collectors.toList())) {
            if (line.toUpperCase(Locale.ROOT).contains("WARNING")) {
                assertTrue(nativeAccessNotice && NATIVE_ACCESS_NOTICE.stream().anyMatch(p -> p.matcher(line).matches()),
                        (nativeAccessNotice ? "a warning besides the native-access notice: " : "a warning: ") + line
                                + "\nin:\n" + output);
            }
        }
    }

    /** @return a System V key in 0x494Axxxx that no queue has now */
    private static int freeSysVKey() {
        for (;;) {
            int key = 0x494A0000 | ThreadLocalRandom.current().nextInt(1, 0x10000);
            if (!SysVMessageQueue.exists(key)) {
                return key;
            }
        }
    }
}
