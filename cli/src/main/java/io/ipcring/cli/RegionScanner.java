package io.ipcring.cli;

import io.ipcring.channel.ChannelException;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the ipcring regions in a directory, with the processes mapping each and the processes
 * each ring's slots name, and the temporary files a creator killed mid-creation left behind
 * ({@code .NAME.PID.HEX.creating}).
 */
final class RegionScanner {
    private static final Pattern TEMPORARY = Pattern.compile("^\\..+\\.(\\d+)\\.[0-9a-f]+\\.creating$");

    /**
     * A region and who uses it.
     *
     * @param info        its header
     * @param mappers     the processes that map it now
     * @param owners      the processes its slots name (producers, consumers, subscribers), dead ones included
     * @param ownersError why the owners could not be read (a corrupted ring), null when they were
     */
    record Found(RegionInfo info, Set<Long> mappers, List<RegionOwner> owners, String ownersError) {
        /**
         * @return true when every process is dead: the creator, every owner its slots name, and
         *         no process maps it (when the owners cannot be read, the creator and the
         *         mappings decide); never for a file of a journal, which goes with its journal
         */
        boolean abandoned() {
            return info.abandoned(mappers) && owners.stream().noneMatch(RegionOwner::alive)
                    && !JournalRegionInspector.isJournalFile(info.kind());
        }
    }

    /**
     * A half-created region's temporary file.
     *
     * @param path       the file
     * @param creatorPid the process that was creating it
     * @param abandoned  true when that process is dead and nobody maps the file
     */
    record Temporary(Path path, long creatorPid, boolean abandoned) {
    }

    /**
     * What a directory holds.
     *
     * @param regions     the regions, by name
     * @param temporaries the temporary files, by name
     */
    record Scan(List<Found> regions, List<Temporary> temporaries) {
    }

    private RegionScanner() {
    }

    /**
     * @param dir a directory
     * @return its regions and temporary files
     * @throws CliException when the directory does not exist or cannot be read
     */
    static Scan scan(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            throw new CliException("no such directory: " + dir);
        } catch (NotDirectoryException e) {
            throw new CliException("not a directory: " + dir);
        } catch (IOException e) {
            throw new CliException("cannot read " + dir + ": " + e.getMessage());
        }
        files.sort(Comparator.comparing(Path::toString));
        Map<Path, Set<Long>> mappers = ProcessMaps.mappers(files);
        List<Found> regions = new ArrayList<>();
        List<Temporary> temporaries = new ArrayList<>();
        for (Path f : files) {
            Set<Long> users = mappers.getOrDefault(f.toAbsolutePath().normalize(), Set.of());
            Matcher m = TEMPORARY.matcher(f.getFileName().toString());
            if (m.matches()) {
                long pid = parsePid(m.group(1));
                temporaries.add(new Temporary(f, pid, !ProcessIdentity.isAlive(pid, 0) && users.isEmpty()));
            } else {
                RegionInfo.probe(f).ifPresent(info -> regions.add(found(info, users)));
            }
        }
        return new Scan(regions, temporaries);
    }

    /** Reads the owners the region's slots name through its kind's inspector. */
    private static Found found(RegionInfo info, Set<Long> users) {
        Optional<RegionInspector> inspector = RegionInspectors.forKind(info.kind());
        if (inspector.isEmpty()) {
            return new Found(info, users, List.of(), null);
        }
        try (SharedRegion region = SharedRegion.openReadOnly(info.path())) {
            return new Found(info, users, inspector.get().owners(region), null);
        } catch (ChannelException | SharedMemoryException e) {
            return new Found(info, users, List.of(), e.getMessage());
        }
    }

    private static long parsePid(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
