package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.testsupport.ChildJvm;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agrona's buffers need {@link AgronaTransport#FLAGS}, which this JVM does not have: each check
 * runs in a child JVM that has them ({@link OpenAndMeasure}).
 */
class AgronaTransportTest {
    @Test
    void bothRingsOfACaseHaveItsCapacity(@TempDir Path dir) throws Exception {
        for (String name : List.of("agrona-o2o", "agrona-m2o")) {
            for (int capacity : List.of(64 << 10, 1 << 20)) {
                Path caseDir = dir.resolve(name + "-" + capacity);
                Files.createDirectory(caseDir);
                try (ChildJvm child = ChildJvm.start(AgronaTransport.FLAGS, OpenAndMeasure.class, name,
                        caseDir.toString(), Integer.toString(capacity))) {
                    assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
                    assertEquals(List.of(name + "-a2b " + capacity, name + "-b2a " + capacity),
                            child.output().lines().filter(l -> l.startsWith(name)).toList(), child.output());
                }
            }
        }
    }

    /**
     * Child: opens the parent side of a case of the transport named by {@code args[0]} in the
     * directory {@code args[1]} at capacity {@code args[2]}, then maps each ring file it created
     * and prints its name and the capacity Agrona reads from it.
     */
    public static final class OpenAndMeasure {
        /**
         * @param args transport, case directory, capacity
         * @throws Exception on any failure, which fails the test through the exit code
         */
        public static void main(String[] args) throws Exception {
            String name = args[0];
            CaseSpec spec = new CaseSpec(name, 32, 0, 1, 2, 1, Path.of(args[1]), "t", -1, Integer.parseInt(args[2]));
            try (Endpoint endpoint = Transports.get(name).open(new CaseContext(spec, Side.PARENT, null, null))) {
                for (String direction : List.of("a2b", "b2a")) {
                    Path file = spec.workDir().resolve(name + "-" + direction);
                    MappedByteBuffer mapping;
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
                    }
                    try {
                        UnsafeBuffer buffer = new UnsafeBuffer(mapping);
                        RingBuffer ring = name.equals("agrona-o2o") ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
                        System.out.println(name + "-" + direction + " " + ring.capacity());
                    } finally {
                        IoUtil.unmap(mapping);
                    }
                }
            }
        }
    }
}
