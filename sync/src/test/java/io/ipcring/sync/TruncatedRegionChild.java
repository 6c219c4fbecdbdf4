package io.ipcring.sync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child process for {@link MappedMemoryTest}: creates a region, truncates its file to 0 bytes as
 * another process could, and runs each atomic read-modify-write of {@link MappedMemory} on a word
 * that is gone. Prints {@code FAULT <operation>} for each that throws the JVM's
 * {@link InternalError}, then whether {@link SharedRegion#isIntact()} says so, then
 * {@code CLOSED}; a JVM killed by SIGBUS prints less and exits with a signal's code.
 *
 * <p>Argument: the region's file, which must not exist; deleted before the child exits.
 */
public final class TruncatedRegionChild {
    private static final String[] OPERATIONS = {
        "compareAndSetInt", "getAndAddInt", "getAndSetInt", "compareAndSetLong", "getAndAddLong", "getAndSetLong"};

    private TruncatedRegionChild() {
    }

    /**
     * @param args the file
     * @throws IOException when the file cannot be truncated or deleted
     */
    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[0]);
        SharedRegion region = SharedRegion.create(path, ScratchRegion.FORMAT, 8192, RegionAccess.OWNER, memory -> { });
        try {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            MappedMemory memory = region.memory();
            int offset = 4096;
            for (String operation : OPERATIONS) {
                try {
                    switch (operation) {
                        case "compareAndSetInt": memory.compareAndSetInt(offset, 0, 1); break;
                        case "getAndAddInt": memory.getAndAddInt(offset, 1); break;
                        case "getAndSetInt": memory.getAndSetInt(offset, 1); break;
                        case "compareAndSetLong": memory.compareAndSetLong(offset, 0, 1); break;
                        case "getAndAddLong": memory.getAndAddLong(offset, 1); break;
                        default: memory.getAndSetLong(offset, 1); break;
                    }
                    System.out.println("NO FAULT " + operation);
                } catch (InternalError e) {
                    System.out.println("FAULT " + operation);
                }
            }
            System.out.println("INTACT " + region.isIntact());
        } finally {
            region.close();
            SharedRegion.delete(path);
        }
        System.out.println("CLOSED");
    }
}
