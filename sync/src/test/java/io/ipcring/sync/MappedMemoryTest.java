package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.sync.os.Os;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MappedMemoryTest {
    private static final int CAPACITY = 4096;

    private Path file;
    private MappedMemory memory;

    @BeforeEach
    void map() throws IOException {
        file = Path.of("/dev/shm", TestPaths.uniqueName("mapped-memory"));
        memory = map(file, FileChannel.MapMode.READ_WRITE);
    }

    @AfterEach
    void unmapAndDelete() throws IOException {
        memory.unmap();
        Files.deleteIfExists(file);
    }

    private static MappedMemory map(Path path, FileChannel.MapMode mode) throws IOException {
        try (FileChannel channel = mode == FileChannel.MapMode.READ_ONLY
                ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new MappedMemory(Os.CALLS.map(channel, mode == FileChannel.MapMode.READ_ONLY, CAPACITY));
        }
    }

    @Test
    void capacityIsTheMappedSize() {
        assertEquals(CAPACITY, memory.capacity());
        assertFalse(memory.isUnmapped());
    }

    @Test
    void intAccessorsReadWhatWasWritten() {
        memory.putInt(0, 11);
        assertEquals(11, memory.getInt(0));
        memory.putIntRelease(4, 22);
        assertEquals(22, memory.getIntAcquire(4));
        memory.putIntVolatile(8, 33);
        assertEquals(33, memory.getIntVolatile(8));

        assertTrue(memory.compareAndSetInt(8, 33, 34));
        assertFalse(memory.compareAndSetInt(8, 33, 35), "CAS with a stale expected value");
        assertEquals(34, memory.getInt(8));

        assertEquals(34, memory.getAndAddInt(8, 6));
        assertEquals(40, memory.getInt(8));
        assertEquals(40, memory.getAndSetInt(8, -1));
        assertEquals(-1, memory.getIntVolatile(8));
    }

    @Test
    void longAccessorsReadWhatWasWritten() {
        memory.putLong(0, 1L << 40);
        assertEquals(1L << 40, memory.getLong(0));
        memory.putLongRelease(8, -2L);
        assertEquals(-2L, memory.getLongAcquire(8));
        memory.putLongVolatile(16, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, memory.getLongVolatile(16));

        assertTrue(memory.compareAndSetLong(16, Long.MAX_VALUE, 7L));
        assertFalse(memory.compareAndSetLong(16, Long.MAX_VALUE, 8L), "CAS with a stale expected value");
        assertEquals(7L, memory.getLong(16));

        assertEquals(7L, memory.getAndAddLong(16, 1L << 32));
        assertEquals(7L + (1L << 32), memory.getLong(16));
        assertEquals(7L + (1L << 32), memory.getAndSetLong(16, 0L));
        assertEquals(0L, memory.getLongVolatile(16));
    }

    @Test
    void wordsAreLittleEndianAndPlainAccessMayBeMisaligned() {
        memory.putInt(1, 0x01020304);
        assertEquals(0x04, memory.buffer().get(1));
        assertEquals(0x01, memory.buffer().get(4));
        assertEquals(0x01020304, memory.getInt(1));
        memory.putLong(3, 0x0102030405060708L);
        assertEquals(0x08, memory.buffer().get(3));
        assertEquals(0x0102030405060708L, memory.getLong(3));
    }

    @Test
    void writesReachTheFileAndAnotherMappingOfIt() throws IOException {
        MappedMemory other = map(file, FileChannel.MapMode.READ_WRITE);
        try {
            memory.putLongVolatile(64, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, other.getLongVolatile(64));
            other.putIntVolatile(128, 99);
            assertEquals(99, memory.getIntVolatile(128));
        } finally {
            other.unmap();
        }
        byte[] content = Files.readAllBytes(file);
        assertEquals(0x1122334455667788L, ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).getLong(64));
    }

    @Test
    void byteArraysCopyInAndOut() {
        byte[] source = {1, 2, 3, 4, 5, 6};
        memory.putBytes(100, source, 1, 4);
        byte[] target = new byte[6];
        memory.getBytes(100, target, 2, 4);
        assertArrayEquals(new byte[] {0, 0, 2, 3, 4, 5}, target);
    }

    @Test
    void byteBuffersCopyInAndOutWithoutMovingTheirPosition() {
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        memory.putBytes(200, source, 1, 3);
        assertEquals(0, source.position());
        ByteBuffer target = ByteBuffer.allocate(5);
        memory.getBytes(200, target, 2, 3);
        assertEquals(0, target.position());
        assertArrayEquals(new byte[] {0, 0, 8, 7, 6}, target.array());
    }

    /** Sources of every kind putBytes takes, each holding {@code content} from index {@code at}. */
    private static List<Object> sources(byte[] content, int at) {
        byte[] array = new byte[at + content.length + 3];
        Arrays.fill(array, (byte) 0x7e);
        System.arraycopy(content, 0, array, at, content.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(array.length).put(array).clear();
        return List.of(array, ByteBuffer.wrap(array), ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN),
                ByteBuffer.wrap(array).asReadOnlyBuffer(), direct, direct.duplicate().order(ByteOrder.LITTLE_ENDIAN),
                direct.asReadOnlyBuffer());
    }

    private void put(int offset, Object source, int at, int length) {
        if (source instanceof byte[]) {
            memory.putBytes(offset, (byte[]) source, at, length);
        } else {
            memory.putBytes(offset, (ByteBuffer) source, at, length);
        }
    }

    @Test
    void copiesOfEveryLengthFromEveryKindOfSourceWriteExactlyTheirBytes() {
        for (int length = 1; length <= 80; length++) {
            byte[] content = new byte[length];
            for (int i = 0; i < length; i++) {
                content[i] = (byte) (length * 7 + i + 1);
            }
            for (int at = 0; at < 3; at++) {
                for (Object source : sources(content, at)) {
                    int offset = 1000 + at * 3; // misaligned too: plain words may be
                    memory.setMemory(offset - 8, length + 16, (byte) 0x55);
                    put(offset, source, at, length);
                    byte[] written = new byte[length + 16];
                    memory.getBytes(offset - 8, written, 0, written.length);
                    String what = "length=" + length + " at=" + at + " source=" + source;
                    for (int i = 0; i < 8; i++) {
                        assertEquals(0x55, written[i], what + ": byte before the range");
                        assertEquals(0x55, written[8 + length + i], what + ": byte after the range");
                    }
                    assertArrayEquals(content, Arrays.copyOfRange(written, 8, 8 + length), what);
                    if (source instanceof ByteBuffer) {
                        assertEquals(0, ((ByteBuffer) source).position(), what);
                    }
                }
            }
        }
    }

    @Test
    void aCopyWithARangeOutsideEitherSideThrowsBeforeWritingAnything() {
        for (int length : List.of(8, 32, 64, 72)) {
            for (Object source : sources(new byte[length], 0)) {
                memory.setMemory(CAPACITY - 64, 64, (byte) 0x55);
                String what = "length=" + length + " source=" + source;
                assertThrows(IndexOutOfBoundsException.class, () -> put(CAPACITY - length + 8, source, 0, length), what);
                assertThrows(IndexOutOfBoundsException.class, () -> put(CAPACITY - 64, source, 4, length), what + " source range");
                assertThrows(IndexOutOfBoundsException.class, () -> put(-8, source, 0, length), what);
                byte[] tail = new byte[64];
                memory.getBytes(CAPACITY - 64, tail, 0, 64);
                for (byte b : tail) {
                    assertEquals(0x55, b, what + ": nothing written");
                }
            }
        }
    }

    @Test
    void setMemoryFillsExactlyTheRange() {
        memory.setMemory(10, 5, (byte) 0x5A);
        assertEquals(0, memory.buffer().get(9));
        for (int i = 10; i < 15; i++) {
            assertEquals(0x5A, memory.buffer().get(i));
        }
        assertEquals(0, memory.buffer().get(15));
    }

    @Test
    void sliceAndBufferShareTheMemoryLittleEndian() {
        ByteBuffer slice = memory.slice(256, 16);
        assertEquals(0, slice.position());
        assertEquals(16, slice.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, slice.order());
        slice.putInt(4, 0x0A0B0C0D);
        assertEquals(0x0A0B0C0D, memory.getInt(260));
        memory.putLong(264, 42L);
        assertEquals(42L, slice.getLong(8));

        ByteBuffer whole = memory.buffer();
        assertEquals(CAPACITY, whole.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, whole.order());
        assertEquals(42L, whole.getLong(264));
    }

    @Test
    void addressOfIsTheMappingAddressPlusTheOffset() {
        long base = memory.addressOf(0, 4);
        assertNotEquals(0L, base);
        assertEquals(base + 4092, memory.addressOf(4092, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.addressOf(4093, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.addressOf(-1, 4));
    }

    @Test
    void everyAccessorRejectsOffsetsOutsideTheMapping() {
        for (int offset : new int[] {-8, -1, CAPACITY - 3, CAPACITY, Integer.MAX_VALUE}) {
            for (Consumer<Integer> intAccess : intAccessors()) {
                assertThrows(IndexOutOfBoundsException.class, () -> intAccess.accept(offset), "int offset=" + offset);
            }
        }
        for (int offset : new int[] {-8, -1, CAPACITY - 7, CAPACITY - 4, CAPACITY, Integer.MAX_VALUE}) {
            for (Consumer<Integer> longAccess : longAccessors()) {
                assertThrows(IndexOutOfBoundsException.class, () -> longAccess.accept(offset), "long offset=" + offset);
            }
        }
        byte[] bytes = new byte[8];
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getBytes(CAPACITY - 4, bytes, 0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putBytes(-1, bytes, 0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putBytes(0, bytes, 4, 8), "source range");
        ByteBuffer buffer = ByteBuffer.allocate(8);
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getBytes(CAPACITY - 4, buffer, 0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putBytes(CAPACITY - 4, buffer, 0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.setMemory(CAPACITY - 4, 8, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.setMemory(-1, 2, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.slice(CAPACITY - 4, 8));
    }

    @Test
    void atomicAccessesRejectMisalignedOffsets() {
        assertDoesNotThrow(() -> memory.getInt(2), "plain access may be misaligned");
        assertThrows(IllegalStateException.class, () -> memory.getIntAcquire(2));
        assertThrows(IllegalStateException.class, () -> memory.putIntRelease(1, 0));
        assertThrows(IllegalStateException.class, () -> memory.getIntVolatile(3));
        assertThrows(IllegalStateException.class, () -> memory.putIntVolatile(6, 0));
        assertThrows(IllegalStateException.class, () -> memory.compareAndSetInt(2, 0, 1));
        assertThrows(IllegalStateException.class, () -> memory.getAndAddInt(1, 1));
        assertThrows(IllegalStateException.class, () -> memory.getAndSetInt(1, 1));
        assertThrows(IllegalStateException.class, () -> memory.getLongAcquire(4));
        assertThrows(IllegalStateException.class, () -> memory.putLongRelease(4, 0));
        assertThrows(IllegalStateException.class, () -> memory.getLongVolatile(12));
        assertThrows(IllegalStateException.class, () -> memory.putLongVolatile(2, 0));
        assertThrows(IllegalStateException.class, () -> memory.compareAndSetLong(4, 0, 1));
        assertThrows(IllegalStateException.class, () -> memory.getAndAddLong(4, 1));
        assertThrows(IllegalStateException.class, () -> memory.getAndSetLong(4, 1));
    }

    @Test
    void afterUnmapEveryAccessThrows() {
        memory.putInt(0, 5);
        memory.unmap();
        assertTrue(memory.isUnmapped());
        for (Consumer<Integer> access : intAccessors()) {
            assertThrows(IndexOutOfBoundsException.class, () -> access.accept(0));
        }
        for (Consumer<Integer> access : longAccessors()) {
            assertThrows(IndexOutOfBoundsException.class, () -> access.accept(0));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getBytes(0, new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.addressOf(0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.slice(0, 1));
        assertEquals(0, memory.buffer().capacity());
        assertDoesNotThrow(memory::unmap, "unmap is idempotent");
    }

    @Test
    void readOnlyMappingReadsButRefusesWrites() throws IOException {
        memory.putIntVolatile(0, 77);
        MappedMemory readOnly = map(file, FileChannel.MapMode.READ_ONLY);
        try {
            assertEquals(77, readOnly.getIntVolatile(0));
            assertThrows(ReadOnlyBufferException.class, () -> readOnly.putInt(0, 1));
            assertThrows(ReadOnlyBufferException.class, () -> readOnly.putLongRelease(8, 1));
            assertThrows(ReadOnlyBufferException.class, () -> readOnly.compareAndSetInt(0, 77, 1));
            assertThrows(ReadOnlyBufferException.class, () -> readOnly.putBytes(0, new byte[1], 0, 1));
            for (int length : List.of(8, 32, 65)) {
                assertThrows(ReadOnlyBufferException.class, () -> readOnly.putBytes(0, new byte[length], 0, length));
                assertThrows(ReadOnlyBufferException.class, () -> readOnly.putBytes(0, ByteBuffer.allocate(length), 0, length));
                assertThrows(ReadOnlyBufferException.class,
                        () -> readOnly.putBytes(0, ByteBuffer.allocateDirect(length), 0, length));
            }
            assertEquals(77, readOnly.getInt(0));
        } finally {
            readOnly.unmap();
        }
    }

    @Test
    void unmapReleasesTheMappingAtOnceWithoutJvmFlags() throws IOException {
        String start = Long.toHexString(memory.addressOf(0, 1)) + "-";
        assertTrue(mappings().stream().anyMatch(line -> line.startsWith(start)), "mapped at " + start);
        memory.unmap();
        assertTrue(mappings().stream().noneMatch(line -> line.startsWith(start)), "the mapping is gone from /proc/self/maps");
    }

    @Test
    void onJava22AndNewerAViewAccessedAfterUnmapThrowsInsteadOfCrashing() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "on Java 17-21 such an access touches unmapped memory");
        // in a child JVM, so a binding that does crash fails this test rather than the test run
        try (ChildJvm child = ChildJvm.start(ChildJvmFlags.forIpcring(), AccessAfterUnmapChild.class,
                file.toString())) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertEquals("REFUSED", child.output().strip(), child.output());
        }
    }

    @Test
    void anAtomicOnAWordWhoseFileWasTruncatedThrowsInsteadOfKillingTheJvm() throws Exception {
        // the interpreter runs compareAndSet and (on Java 17) getAndAdd/getAndSet as unguarded
        // native code: -Xint makes sure they run there; a crash fails this test, not the run
        for (List<String> mode : List.of(List.of("-Xint"), List.<String>of())) {
            Path region = SharedRegion.pathOf(TestPaths.uniqueName("truncated"));
            List<String> flags = new ArrayList<>(ChildJvmFlags.forIpcring());
            flags.addAll(mode);
            flags.add("-XX:ErrorFile=/dev/null");
            try (ChildJvm child = ChildJvm.start(List.of(), ChildJvm.thisJava(), flags,
                    ChildJvm.thisClassPath(), TruncatedRegionChild.class, region.toString())) {
                int exit = child.waitFor(60, TimeUnit.SECONDS);
                assertEquals(0, exit, mode + ": " + child.output());
                assertEquals(List.of("FAULT compareAndSetInt", "FAULT getAndAddInt", "FAULT getAndSetInt",
                        "FAULT compareAndSetLong", "FAULT getAndAddLong", "FAULT getAndSetLong", "INTACT false",
                        "CLOSED"), child.output().strip().lines().collect(Collectors.toList()), mode.toString());
            } finally {
                Files.deleteIfExists(region);
            }
        }
    }

    @Test
    void rejectsNullMapping() {
        assertThrows(NullPointerException.class, () -> new MappedMemory(null));
    }

    private static List<String> mappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps"));
    }

    private List<Consumer<Integer>> intAccessors() {
        return List.of(
                offset -> memory.getInt(offset),
                offset -> memory.putInt(offset, 1),
                offset -> memory.getIntAcquire(offset),
                offset -> memory.putIntRelease(offset, 1),
                offset -> memory.getIntVolatile(offset),
                offset -> memory.putIntVolatile(offset, 1),
                offset -> memory.compareAndSetInt(offset, 0, 1),
                offset -> memory.getAndAddInt(offset, 1),
                offset -> memory.getAndSetInt(offset, 1));
    }

    private List<Consumer<Integer>> longAccessors() {
        return List.of(
                offset -> memory.getLong(offset),
                offset -> memory.putLong(offset, 1),
                offset -> memory.getLongAcquire(offset),
                offset -> memory.putLongRelease(offset, 1),
                offset -> memory.getLongVolatile(offset),
                offset -> memory.putLongVolatile(offset, 1),
                offset -> memory.compareAndSetLong(offset, 0, 1),
                offset -> memory.getAndAddLong(offset, 1),
                offset -> memory.getAndSetLong(offset, 1));
    }
}
