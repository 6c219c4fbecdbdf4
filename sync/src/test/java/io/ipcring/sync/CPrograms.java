package io.ipcring.sync;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles a C source from the test resources with gcc at test time, for checks against C
 * programs. A test that needs it is skipped, with a message saying so, when gcc is not on the
 * PATH; any other failure (a compile error) fails the test.
 */
public final class CPrograms implements AutoCloseable {
    private static final long COMPILE_SECONDS = 120;

    private final Path directory;

    private CPrograms(Path directory) {
        this.directory = directory;
    }

    /** @return a scratch directory for programs, deleted on close; skips the test without gcc */
    public static CPrograms requireGcc() throws IOException {
        assumeTrue(gcc() != null, "gcc is not on the PATH: skipping the check against a C program");
        return new CPrograms(Files.createTempDirectory("ipcring-c-"));
    }

    private static Path gcc() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path candidate = Paths.get(dir, "gcc");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * @param resource a C file next to this class in the test resources
     * @return the compiled executable
     */
    public Path compile(String resource) throws IOException, InterruptedException {
        return compile(CPrograms.class, resource);
    }

    /**
     * @param anchor   a class whose package holds the C file in the test resources
     * @param resource the C file's name
     * @return the compiled executable
     */
    public Path compile(Class<?> anchor, String resource) throws IOException, InterruptedException {
        Path source = directory.resolve(resource);
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            Files.copy(in, source);
        }
        Path executable = directory.resolve(resource.replace(".c", ""));
        Process gcc = new ProcessBuilder(gcc().toString(), "-O1", "-Wall", "-Werror", "-pthread", "-o",
                executable.toString(), source.toString()).redirectErrorStream(true).start();
        if (!gcc.waitFor(COMPILE_SECONDS, TimeUnit.SECONDS)) {
            gcc.destroyForcibly().waitFor();
            throw new IllegalStateException("gcc did not finish compiling " + resource + " in " + COMPILE_SECONDS + " s");
        }
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gcc.exitValue() != 0) {
            throw new IllegalStateException("gcc failed on " + resource + ":\n" + output);
        }
        return executable;
    }

    /**
     * Runs a program to its end and returns what it printed.
     *
     * @throws IllegalStateException with its output when it fails or does not end in time
     */
    public static String run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not end within " + timeoutSeconds + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + output);
            }
            return output;
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /** @return the scratch directory the programs are compiled into */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
