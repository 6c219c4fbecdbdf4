package io.ipcring.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.transport.Frames;
import io.ipcring.transport.NativeIo;
import io.ipcring.transport.PingPong;
import io.ipcring.transport.StreamOptions;
import io.ipcring.transport.TestTraffic;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeProcessTest {
    private Path log;
    private long fdsBefore;

    @BeforeAll
    static void loadNativeCode() {
        // loads the native binding (and the jars it opens) before descriptors are counted
        int[] fds = NativeIo.pipe();
        NativeIo.close(fds[0]);
        NativeIo.close(fds[1]);
    }

    @BeforeEach
    void setUp() throws IOException {
        log = Files.createTempFile("ipcring-pipe-child-", ".log");
        fdsBefore = openDescriptors();
    }

    @AfterEach
    void tearDown() throws IOException {
        Files.deleteIfExists(log);
    }

    private PipeProcess start(String... args) {
        return PipeProcess.start(builder(args), StreamOptions.defaults());
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvmFlags.forIpcring());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PipePeer.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private String childLog() throws IOException {
        return Files.readString(log);
    }

    @Test
    void sequencedMessagesArriveInOrderBothWays() throws Exception {
        int count = TestTraffic.count();
        try (PipeProcess child = start("roundtrip", Integer.toString(count))) {
            TestTraffic.send(child, count, 11, true);
            TestTraffic.receive(child, count);
            child.close();
            assertEquals(0, child.process().exitValue(), childLog());
        }
        assertEquals(fdsBefore, openDescriptors(), "every pipe descriptor was closed");
    }

    @Test
    void pingPongRoundTrips() throws Exception {
        try (PipeProcess child = start("echo")) {
            PingPong.run(child, child, "pipe", 5_000, 5_000);
        }
    }

    @Test
    void aChildStartedHereOwnsItsStdioAndMakesItNonBlocking() throws Exception {
        try (PipeProcess child = start("stdio-flags")) {
            assertArrayEquals(new byte[] {1, 1}, receiveOne(child), childLog());
        }
    }

    @Test
    void aChildNotToldItOwnsItsStdioKeepsItBlockingAndStillNeverWaits() throws Exception {
        // env (which execs java in the same process) drops the variable PipeProcess sets
        try (PipeProcess child = PipeProcess.start(withoutMarker(builder("stdio-flags")), StreamOptions.defaults())) {
            assertArrayEquals(new byte[] {0, 0}, receiveOne(child), childLog());
        }
        try (PipeProcess child = PipeProcess.start(withoutMarker(builder("echo")), StreamOptions.defaults())) {
            PingPong.run(child, child, "pipe (gated child)", 1_000, 1_000);
        }
    }

    private static ProcessBuilder withoutMarker(ProcessBuilder builder) {
        List<String> command = new ArrayList<>(List.of("env", "-u", StdioPipe.PARENT_VARIABLE));
        command.addAll(builder.command());
        return builder.command(command);
    }

    private static byte[] receiveOne(PipeProcess child) throws InterruptedException {
        byte[][] got = new byte[1][];
        int n = child.poll((type, buffer, offset, length) -> {
            got[0] = new byte[length];
            buffer.get(offset, got[0]);
        }, 1, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, n, "the child's message");
        return got[0];
    }

    @Test
    void aDeadChildIsClosedForPollAndOffer() throws Exception {
        try (PipeProcess child = start("die")) {
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
            ChannelClosedException e = assertThrows(ChannelClosedException.class,
                    () -> child.poll((t, b, o, l) -> { }, 1, 10, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains("end of stream"), e.getMessage());
            assertThrows(ChannelClosedException.class, () -> child.offer(new byte[4], 0, 4, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Frames.Hostile.class)
    void hostileFramesFromTheChildAreMalformed(Frames.Hostile hostile) throws Exception {
        try (PipeProcess child = start("hostile", hostile.name())) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> {
                while (true) {
                    child.poll((t, b, o, l) -> { }, 1, 10, TimeUnit.SECONDS);
                }
            });
            assertTrue(e.getMessage().contains(hostile.expectedError()), e.getMessage());
            assertThrows(ChannelClosedException.class, () -> child.poll((t, b, o, l) -> { }, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Frames.Hostile.class)
    void hostileFramesToTheChildAreMalformedEvenWithLittleMemory(Frames.Hostile hostile) throws Exception {
        // a child with 16 MiB of direct memory: allocating a claimed 2 GiB would fail with an
        // OutOfMemoryError, not the MalformedFrameException the child reports as its exit code
        List<String> command = new ArrayList<>(builder("expect-malformed").command());
        command.add(1, "-XX:MaxDirectMemorySize=16m");
        command.add(1, "-Xmx64m");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(hostile.bytes());
            if (hostile.truncated()) {
                stdin.close();
            } else {
                stdin.flush();
            }
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), childLog());
        } finally {
            process.destroyForcibly().waitFor();
        }
        assertEquals(PipePeer.MALFORMED, process.exitValue(), childLog());
        assertTrue(childLog().contains(hostile.expectedError()), childLog());
    }

    @Test
    void mergingStderrIntoTheFrameStreamIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipeProcess.start(builder("echo").redirectErrorStream(true), StreamOptions.defaults()));
        assertTrue(e.getMessage().contains("redirectErrorStream"), e.getMessage());
        assertEquals(fdsBefore, openDescriptors(), "nothing was opened");
    }

    @Test
    void aChildThatCannotStartIsAClearError() {
        Exception e = assertThrows(Exception.class, () -> PipeProcess.start(List.of("/nonexistent/program")));
        assertTrue(e.getMessage().contains("/nonexistent/program"), e.getMessage());
        assertEquals(fdsBefore, openDescriptors(), "no pipe descriptor leaked");
    }

    /** Pipes open in this JVM: other threads may open files (class loading, jars), not pipes. */
    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(new File("/proc/self/fd").toPath())) {
            return fds.filter(PipeProcessTest::isPipe).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isPipe(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
        } catch (IOException e) {
            return false; // closed while listing
        }
    }
}
