package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The semaphores work with C programs: a small C program, compiled with gcc when the test runs
 * (skipped with a message when gcc is absent), uses semaphores this JVM created.
 */
class OsSemaphoreInteropTest {
    private static final int ROUNDS = 100;
    private static final long WAIT_SECONDS = 60;

    private static CPrograms programs;
    private static Path interop;

    private final OsSemaphoreCleaner cleaner = new OsSemaphoreCleaner();

    @BeforeAll
    static void compile() throws Exception {
        programs = CPrograms.requireGcc();
        interop = programs.compile("os_semaphore_interop.c");
    }

    @AfterAll
    static void deleteProgram() throws Exception {
        if (programs != null) {
            programs.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        cleaner.close();
    }

    @Test
    void cProgramAnswersPostsOnNamedSemaphoresJavaCreated() throws Exception {
        String requestName = cleaner.semaphoreName("c-request");
        String replyName = cleaner.semaphoreName("c-reply");
        try (PosixNamedSemaphore request = PosixNamedSemaphore.create(requestName, 0);
             PosixNamedSemaphore reply = PosixNamedSemaphore.create(replyName, 0)) {
            Process c = new ProcessBuilder(interop.toString(), "posix", requestName, replyName, Integer.toString(ROUNDS))
                    .redirectErrorStream(true).start();
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    request.post();
                    if (!reply.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        c.destroyForcibly().waitFor();
                        fail("round " + i + ": no reply from C; it printed:\n" + output(c));
                    }
                }
                assertTrue(c.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "C program ended");
                assertEquals(0, c.exitValue(), output(c));
            } finally {
                c.destroyForcibly().waitFor();
            }
            assertEquals(0, request.value());
            assertEquals(0, reply.value());
        }
    }

    @Test
    void cProgramAppliesSemopOnASetJavaCreatedAndTheKernelUndoesItsHoldAtExit() throws Exception {
        SysVSemaphoreSet set = cleaner.track(SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 2));
        set.set(0, 1);
        String printed = CPrograms.run(WAIT_SECONDS, List.of(interop.toString(), "sysv", Integer.toString(set.id())));
        assertTrue(printed.contains("took semaphore 0"), printed);
        assertArrayEquals(new int[] {1, 1}, set.getAll(), "C's SEM_UNDO take reverted at its exit, its add kept");
    }

    @Test
    void ftokGivesTheKeyCComputes() throws Exception {
        Path file = cleaner.file("c-ftok");
        Files.createFile(file);
        for (int projectId : new int[] {1, 'A', 0xff}) {
            String printed = CPrograms.run(WAIT_SECONDS, List.of(interop.toString(), "ftok", file.toString(),
                    Integer.toString(projectId)));
            assertEquals(Integer.parseInt(printed.trim()), SysVSemaphoreSet.ftok(file, projectId), "projectId=" + projectId);
        }
    }

    private static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(cannot read: " + e + ")";
        }
    }
}
