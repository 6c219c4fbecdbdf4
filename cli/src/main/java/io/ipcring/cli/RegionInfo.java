package io.ipcring.cli;

import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionHeader;
import io.ipcring.sync.SharedMemoryException;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a region file's header says, read without trusting it.
 *
 * @param path         the file
 * @param kind         the kind number
 * @param kindName     its name, or the number in hex
 * @param version      the layout version
 * @param length       the file length
 * @param creatorPid   the pid of the process that created it
 * @param creatorAlive whether that pid runs now (a recycled pid looks alive: the header stores no
 *                     start time)
 * @param created      when it was created
 */
record RegionInfo(Path path, int kind, String kindName, int version, long length, long creatorPid,
                  boolean creatorAlive, Instant created) {

    /**
     * Reads a file's header if it is an ipcring region; peeks at the magic first so other files
     * are never mapped.
     *
     * @param path a file
     * @return the header, or empty when the file is not an ipcring region (or not readable)
     */
    static Optional<RegionInfo> probe(Path path) {
        if (!Files.isRegularFile(path) || !hasMagic(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(path));
        } catch (SharedMemoryException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the header of a file that must be a region.
     *
     * @param path the file
     * @return the header
     * @throws SharedMemoryException naming what is wrong: missing, not a region, truncated
     */
    static RegionInfo read(Path path) {
        try (SharedRegion region = SharedRegion.openReadOnly(path)) {
            return of(region);
        }
    }

    /** @param region an open region @return its header */
    static RegionInfo of(SharedRegion region) {
        ProcessIdentity creator = region.creator();
        return new RegionInfo(region.path(), region.kind(), RegionInspectors.kindName(region.kind()), region.version(),
                region.length(), creator.pid(), creator.isAlive(), Instant.ofEpochMilli(region.creationTimeMillis()));
    }

    /**
     * @param mappers the processes that map the file now
     * @return true when no process uses the region: its creator is dead and nobody maps it
     */
    boolean abandoned(Set<Long> mappers) {
        return !creatorAlive && mappers.isEmpty();
    }

    private static boolean hasMagic(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int read;
            do {
                read = channel.read(magic, magic.position());
            } while (read > 0 && magic.hasRemaining());
            return !magic.hasRemaining() && magic.getLong(RegionHeader.MAGIC_OFFSET) == RegionHeader.MAGIC;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
