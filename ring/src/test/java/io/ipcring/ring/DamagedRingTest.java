package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.ring.internal.FileWatch;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A ring file truncated by another process while mapped: every operation of every kind ends in
 * {@link RingFileChangedException} naming the file and its sizes, at the latest on its
 * {@link FileWatch#CHECK_INTERVAL}th call once {@link FileWatch#LOOK_PERIOD_NANOS} have passed
 * (at once when it touches a missing page), and close
 * neither throws nor kills the JVM. The JVM's own report of a fault may surface from a call
 * before (the README's limit). Runs {@link DamagedRingChild} in a child JVM, interpreted ({@code -Xint}, where
 * the JVM's atomics are native code) and with the JIT.
 */
class DamagedRingTest {
    private static final Pattern FAILED =
            Pattern.compile("\\w+ (late=\\d+ )?after=(\\d+) (\\S+: \\S+: the file was truncated by another process to size=).*");

    @ParameterizedTest(name = "{0} truncated to {1}")
    @CsvSource({"spsc,zero", "spsc,half", "mpsc,zero", "mpsc,half", "broadcast,zero", "broadcast,half",
            "workqueue,zero", "workqueue,half", "queue,zero", "queue,half", "spsc-batch,zero", "spsc-batch,half",
            "mpsc-batch,zero", "mpsc-batch,half"})
    void everyOperationOnATruncatedRingThrowsTheLibrarysExceptionAndCloseCompletes(String kind, String size)
            throws Exception {
        for (List<String> mode : List.of(List.of("-Xint"), List.<String>of())) {
            try (TestPaths paths = new TestPaths()) {
                Path path = paths.next("truncated-" + kind);
                List<String> flags = new ArrayList<>(ChildJvmFlags.forIpcring());
                flags.addAll(mode);
                flags.add("-XX:ErrorFile=/dev/null");
                try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.thisJava(), flags,
                        ChildJvm.thisClassPath(), DamagedRingChild.class, kind, size, path.toString())) {
                    int exit = child.waitFor(120, TimeUnit.SECONDS);
                    String output = child.output();
                    assertEquals(0, exit, mode + "\n" + output);
                    List<String> lines = output.strip().lines().collect(Collectors.toList());
                    assertEquals("DONE", lines.get(lines.size() - 1), output);
                    for (String line : lines.subList(0, lines.size() - 1)) {
                        if (line.startsWith("close ")) {
                            assertTrue(line.endsWith(" ok"), mode + " " + line);
                            continue;
                        }
                        Matcher matcher = FAILED.matcher(line);
                        assertTrue(matcher.matches(), mode + " " + line);
                        assertTrue(Integer.parseInt(matcher.group(2)) <= FileWatch.CHECK_INTERVAL, mode + " " + line);
                        assertEquals(RingFileChangedException.class.getName() + ": " + path
                                + ": the file was truncated by another process to size=", matcher.group(3), mode + " " + line);
                    }
                }
                assertTrue(Files.notExists(path));
            }
        }
    }
}
