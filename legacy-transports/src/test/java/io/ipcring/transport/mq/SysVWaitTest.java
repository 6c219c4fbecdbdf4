package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * System V waits follow the library's one short-wait policy ({@code Deadline.backoff}): no yield
 * and no idle strategy of Agrona's anywhere in the queue transports ({@link QueueWaitTest} checks
 * that a backing-off wait retries without kernel waits until its deadline).
 */
class SysVWaitTest {
    private static final Path MQ_SOURCES = Paths.get("src/main/java/io/ipcring/transport/mq");

    @Test
    void noQueueWaitYieldsOrUsesAnotherIdleStrategy() throws IOException {
        assertTrue(Files.isDirectory(MQ_SOURCES), "run from the module's directory: " + MQ_SOURCES.toAbsolutePath());
        try (Stream<Path> files = Files.list(MQ_SOURCES)) {
            List<String> offending = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String text = Files.readString(f);
                    return text.contains("Thread.yield") || text.contains("org.agrona");
                } catch (IOException e) {
                    throw new AssertionError("cannot read path=" + f, e);
                }
            }).map(f -> f.getFileName().toString()).collect(Collectors.toList());
            assertEquals(List.of(), offending, "files that yield or use Agrona's idle strategies");
        }
    }
}
