package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.CPrograms;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.internal.NativeIo;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnixSocketLibcTest {
    /** Constants of ours with no C counterpart. */
    private static final Set<String> NOT_IN_C_HEADERS = Set.of("LISTEN_BACKLOG", "SCRATCH_ADDRESS_OFFSET",
            "SCRATCH_LENGTH_OFFSET", "SCRATCH_UCRED_OFFSET", "SCRATCH_SIZE");
    /** The errno values the socket transport and {@code NativeIo.failure} tell apart. */
    private static final List<String> ERRNO_NAMES = List.of("ENOENT", "EINTR", "EAGAIN", "EPIPE", "EADDRINUSE",
            "ECONNABORTED", "ECONNREFUSED", "ECONNRESET");

    @Test
    void everyConstantAndLayoutMatchesThisMachinesHeaders() throws Exception {
        Map<String, Long> fromC = new HashMap<>();
        try (CPrograms programs = CPrograms.requireGcc()) {
            String output = CPrograms.run(30, List.of(programs.compile(UnixSocketLibcTest.class, "socket_constants.c").toString()));
            for (String line : output.split("\n")) {
                String[] pair = line.split("=");
                fromC.put(pair[0], Long.parseLong(pair[1]));
            }
        }
        int compared = compareStaticInts(UnixSocketLibc.class, fromC) + compareStaticInts(SocketStructs.class, fromC);
        for (String name : List.of("POLLIN", "POLLFD_SIZE", "POLLFD_FD", "POLLFD_EVENTS", "POLLFD_REVENTS")) {
            assertEquals(fromC.get(name).longValue(), staticNumber(UnixListener.class, name), name);
            compared++;
        }
        for (String name : ERRNO_NAMES) {
            assertEquals(fromC.get(name).longValue(), Errno.class.getField(name).getInt(null), "Errno." + name);
            compared++;
        }
        assertEquals(fromC.size() - 1, compared, "every printed value but socklen_t's size was compared: " + fromC);
        assertEquals(Integer.BYTES, fromC.get("SOCKLEN_SIZE"), "the scratch block's length field is a socklen_t");
        assertTrue(SocketStructs.SCRATCH_LENGTH_OFFSET >= SocketStructs.SOCKADDR_UN_SIZE, "the address fits before the length");
    }

    private static int compareStaticInts(Class<?> type, Map<String, Long> fromC) throws IllegalAccessException {
        int compared = 0;
        for (Field field : type.getDeclaredFields()) {
            if (field.getType() != int.class || !Modifier.isStatic(field.getModifiers())
                    || NOT_IN_C_HEADERS.contains(field.getName())) {
                continue;
            }
            Long expected = fromC.get(field.getName());
            assertTrue(expected != null, "the C program prints no value for " + type.getSimpleName() + "." + field.getName());
            field.setAccessible(true);
            assertEquals(expected.longValue(), field.getInt(null), type.getSimpleName() + "." + field.getName());
            compared++;
        }
        return compared;
    }

    private static long staticNumber(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return ((Number) field.get(null)).longValue();
    }

    @Test
    void aFailedConnectReturnsItsErrno() throws Exception {
        Path dir = Files.createTempDirectory("ipcring-libc-");
        int fd = UnixSocketLibc.openStreamSocket();
        try {
            byte[] missing = SocketStructs.pathBytes(dir.resolve("none.sock"));
            assertEquals(Errno.ENOENT, UnixSocketLibc.connect(fd, SocketStructs.scratch(), missing));
        } finally {
            NativeIo.close(fd);
            Files.delete(dir);
        }
    }

    @Test
    void acceptOnAnIdleListeningSocketSaysNobodyIsWaitingAndATakenPathIsInUse() throws Exception {
        Path dir = Files.createTempDirectory("ipcring-libc-");
        Path path = dir.resolve("idle.sock");
        int fd = UnixSocketLibc.openStreamSocket();
        int second = UnixSocketLibc.openStreamSocket();
        try {
            ByteBuffer scratch = SocketStructs.scratch();
            assertEquals(0, UnixSocketLibc.bind(fd, scratch, SocketStructs.pathBytes(path)));
            assertEquals(0, Os.CALLS.listen(fd, UnixSocketLibc.LISTEN_BACKLOG));
            assertEquals(-Errno.EAGAIN, UnixSocketLibc.accept(fd, scratch), "non-blocking: nobody waits");
            assertEquals(Errno.EADDRINUSE, UnixSocketLibc.bind(second, scratch, SocketStructs.pathBytes(path)));
        } finally {
            NativeIo.close(second);
            NativeIo.close(fd);
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }
}
