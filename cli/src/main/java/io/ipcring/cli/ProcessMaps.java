package io.ipcring.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which processes map which files right now, from {@code /proc/<pid>/maps}: the processes using a
 * ring, whatever the ring's own header says. Processes whose maps this user may not read are not
 * seen (run as their owner or root to see them).
 */
final class ProcessMaps {
    private static final String DELETED = " (deleted)";

    private ProcessMaps() {
    }

    /**
     * @param files the files of interest
     * @return for each file that some process maps, the ids of those processes, this one excluded
     */
    static Map<Path, Set<Long>> mappers(Collection<Path> files) {
        Set<String> wanted = new HashSet<>();
        for (Path f : files) {
            wanted.add(f.toAbsolutePath().normalize().toString());
        }
        Map<Path, Set<Long>> result = new HashMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid;
                try {
                    pid = Long.parseLong(proc.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self) {
                    continue;
                }
                for (String file : mappedFiles(proc.resolve("maps"))) {
                    if (wanted.contains(file)) {
                        result.computeIfAbsent(Paths.get(file), k -> new TreeSet<>()).add(pid);
                    }
                }
            }
        } catch (IOException e) {
            return result;
        }
        return result;
    }

    /** @param maps a {@code /proc/<pid>/maps} file @return the paths it maps; empty when unreadable */
    static List<String> mappedFiles(Path maps) {
        List<String> files = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException | SecurityException e) {
            return files;
        }
        for (String line : lines) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash);
            if (path.endsWith(DELETED)) {
                path = path.substring(0, path.length() - DELETED.length());
            }
            files.add(path);
        }
        return files;
    }
}
