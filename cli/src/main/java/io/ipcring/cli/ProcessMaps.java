package io.ipcring.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which processes map which files right now, from {@code /proc/<pid>/maps}: the processes using a
 * ring, whatever the ring's own header says. A mapping is matched by device and inode, so a file
 * mapped under another name counts too (a region's creator maps it under the temporary name it
 * was created with, since deleted), and by path where the file cannot be stat'ed. Processes whose
 * maps this user may not read are not seen (run as their owner or root to see them).
 */
final class ProcessMaps {
    private static final String DELETED = " (deleted)";
    /** Fields of a maps line before the path: address, permissions, offset, device, inode. */
    private static final int FIELDS_BEFORE_PATH = 5;

    /**
     * A file's identity as {@code /proc/<pid>/maps} shows it.
     *
     * @param major the device's major number
     * @param minor the device's minor number
     * @param inode the inode number
     */
    record FileKey(long major, long minor, long inode) {
    }

    /**
     * One file mapping of a process.
     *
     * @param key  the mapped file's device and inode
     * @param path the path the kernel shows for it, without a " (deleted)" suffix
     */
    record Mapping(FileKey key, String path) {
    }

    private ProcessMaps() {
    }

    /**
     * @param files the files of interest
     * @return for each file that some process maps, the ids of those processes, this one excluded
     */
    static Map<Path, Set<Long>> mappers(Collection<Path> files) {
        Map<String, Path> byPath = new HashMap<>();
        Map<FileKey, Path> byKey = new HashMap<>();
        for (Path f : files) {
            Path normal = f.toAbsolutePath().normalize();
            byPath.put(normal.toString(), normal);
            FileKey key = keyOf(normal);
            if (key != null) {
                byKey.put(key, normal);
            }
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
                for (Mapping m : mappings(proc.resolve("maps"))) {
                    Path hit = byKey.getOrDefault(m.key(), byPath.get(m.path()));
                    if (hit != null) {
                        result.computeIfAbsent(hit, k -> new TreeSet<>()).add(pid);
                    }
                }
            }
        } catch (IOException e) {
            return result;
        }
        return result;
    }

    /** @param maps a {@code /proc/<pid>/maps} file @return its file mappings; empty when unreadable */
    static List<Mapping> mappings(Path maps) {
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        List<Mapping> mappings = new ArrayList<>();
        for (String line : lines) {
            Mapping m = parse(line);
            if (m != null) {
                mappings.add(m);
            }
        }
        return mappings;
    }

    /**
     * @param line a maps line: {@code address perms offset major:minor inode [path]}
     * @return the file mapping it describes, or null for an anonymous mapping or a line it cannot read
     */
    static Mapping parse(String line) {
        int slash = line.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String path = line.substring(slash);
        if (path.endsWith(DELETED)) {
            path = path.substring(0, path.length() - DELETED.length());
        }
        String[] fields = line.substring(0, slash).trim().split("\\s+");
        if (fields.length != FIELDS_BEFORE_PATH) {
            return new Mapping(null, path);
        }
        int colon = fields[3].indexOf(':');
        try {
            return new Mapping(new FileKey(Long.parseLong(fields[3].substring(0, colon), 16),
                    Long.parseLong(fields[3].substring(colon + 1), 16), Long.parseLong(fields[4])), path);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return new Mapping(null, path);
        }
    }

    /** @param file a file @return its device and inode as the maps file shows them, null when it cannot be stat'ed */
    static FileKey keyOf(Path file) {
        try {
            long dev = (Long) Files.getAttribute(file, "unix:dev");
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            // glibc's major()/minor() of st_dev: the numbers the kernel prints in maps as %02x:%02x
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return new FileKey(major, minor, inode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
