package io.ipcring.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
    @Test
    void theChildRunsTheMainClassWithTheGivenFlagsAndArgumentsAndItsOutputIsKept() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of("-Dchild.flag=given"), ChildMain.class, "exit", "3", "a b")) {
            assertEquals(3, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("args exit 3 a b\n"), child.output());
            assertTrue(child.output().contains("flag given\n"), child.output());
            assertTrue(child.output().contains("env null\n"), "stderr too, and no JAVA_TOOL_OPTIONS: " + child.output());
        }
    }

    @Test
    void aLauncherRunsTheJavaCommandAndTheJvmOptionVariablesAreRemovedBeforeIt() throws Exception {
        // env puts JAVA_TOOL_OPTIONS back after the removal: the launcher is what runs the child
        List<String> launcher = List.of("env", "JAVA_TOOL_OPTIONS=-Dchild.flag=from-env");
        try (ChildJvm child = ChildJvm.start(launcher, ChildJvm.thisJava(), List.of(), ChildJvm.thisClassPath(),
                ChildMain.class, "exit", "0")) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertTrue(child.output().contains("flag from-env\n"), child.output());
        }
        assertEquals(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"), ChildJvm.JVM_OPTION_VARIABLES);
    }

    @Test
    void closeKillsAChildThatStillRunsAndDeletesItsOutput() throws Exception {
        ChildJvm child = ChildJvm.start(List.of(), ChildMain.class, "sleep");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!child.output().contains("sleeping") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(child.output().contains("sleeping"), child.output());
        child.close();
        assertFalse(child.process().isAlive());
        assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(child.output().startsWith("(cannot read path=") && child.output().contains("NoSuchFileException"),
                "the output file is deleted: " + child.output());
    }

    @Test
    void aChildThatOverrunsItsWaitIsKilledAndTheFailureShowsItsOutput() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(), ChildMain.class, "sleep")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!child.output().contains("sleeping") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.waitFor(100, TimeUnit.MILLISECONDS));
            assertTrue(e.getMessage().contains("pid=" + child.pid()) && e.getMessage().contains("sleeping"), e.getMessage());
            assertFalse(child.process().isAlive());
        }
    }

    @Test
    void theCommandLineIsJavaFlagsClassPathMainClassArguments() {
        assertEquals(List.of("/j/bin/java", "-Xint", "-cp", "a.jar:b", ChildMain.class.getName(), "x", "y"),
                ChildJvm.command(Path.of("/j/bin/java"), List.of("-Xint"), "a.jar:b", ChildMain.class, "x", "y"));
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), ChildJvm.thisJava());
    }
}
