package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.sync.SharedMemoryException.Reason;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.sync.os.Os;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedRegionTest {
    private static final RegionFormat FORMAT = new RegionFormat(41, 3, "test kind");
    private static final int LENGTH = 8192;
    private static final int NOBODY = 65534;

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteEverythingCreated() {
        paths.close();
    }

    private Path newPath() {
        return paths.next("region");
    }

    private SharedRegion create(Path path, RegionFormat format, long length) {
        return SharedRegion.create(path, format, length, RegionAccess.OWNER, memory -> { });
    }

    private static SharedMemoryException openFails(Path path, RegionFormat format) {
        return assertThrows(SharedMemoryException.class, () -> SharedRegion.open(path, format).close());
    }

    /** sync: any range inside the region (widened to pages by the region), none outside it. */
    @Test
    void syncAcceptsUnalignedRangesInsideTheRegionOnly() throws IOException {
        Path path = newPath();
        try (SharedRegion region = create(path, FORMAT, LENGTH)) {
            region.memory().putLong(RegionHeader.LENGTH, 7L);
            region.sync(RegionHeader.LENGTH + 3, 20);
            region.sync(0, LENGTH);
            region.sync(5, 0);
            assertThrows(IndexOutOfBoundsException.class, () -> region.sync(LENGTH - 4, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> region.sync(-1, 8));
        }
    }

    @Test
    void aFileTruncatedWhileMappedIsNoLongerIntactAndCheckFileSaysSo() throws IOException {
        Path path = newPath();
        try (SharedRegion region = create(path, FORMAT, LENGTH)) {
            assertTrue(region.isIntact());
            region.checkFile();
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(LENGTH / 2);
            }
            assertFalse(region.isIntact());
            SharedMemoryException e = assertThrows(SharedMemoryException.class, region::checkFile);
            assertEquals(Reason.TRUNCATED, e.reason());
            assertTrue(e.getMessage().contains(path + ": the file was truncated by another process to size="
                    + LENGTH / 2 + " bytes while mapped with length=" + LENGTH), e.getMessage());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(1), LENGTH - 1);
            }
            assertTrue(region.isIntact(), "extended again: every mapped page is backed (by zeros)");
        }
    }

    @Test
    void aFileOpenedNotCreatedIsWatchedToo() throws IOException {
        Path path = newPath();
        try (SharedRegion creator = create(path, FORMAT, LENGTH);
                SharedRegion region = SharedRegion.open(path, FORMAT)) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            assertFalse(region.isIntact());
            assertFalse(creator.isIntact());
        }
    }

    @Test
    void aPathDeletedAndCreatedAgainIsAReplacementButADeletedPathIsNot() {
        Path path = newPath();
        try (SharedRegion old = create(path, FORMAT, LENGTH)) {
            SharedRegion.delete(path);
            old.checkFile();
            try (SharedRegion replacement = create(path, FORMAT, LENGTH)) {
                SharedMemoryException e = assertThrows(SharedMemoryException.class, old::checkFile);
                assertEquals(Reason.REPLACED, e.reason());
                assertTrue(e.getMessage().startsWith(path + ": the file was replaced: mapped inode="), e.getMessage());
                assertTrue(e.getMessage().contains("the path now names inode="), e.getMessage());
                assertTrue(old.isIntact(), "the old file is whole, only unnamed");
                replacement.checkFile();
            }
        }
    }

    @Test
    void aFileRenamedOverTheRegionIsAReplacement() throws IOException {
        Path path = newPath();
        Path other = newPath();
        try (SharedRegion region = create(path, FORMAT, LENGTH)) {
            create(other, FORMAT, LENGTH).close();
            Files.move(other, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertEquals(Reason.REPLACED, assertThrows(SharedMemoryException.class, region::checkFile).reason());
        }
    }

    @Test
    void checksAfterCloseReportNothing() throws IOException {
        Path path = newPath();
        SharedRegion region = create(path, FORMAT, LENGTH);
        region.close();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        assertTrue(region.isIntact(), "no mapping left to protect");
        region.checkFile();
    }

    @Test
    void createWritesTheHeaderAndTheInitialLayoutBeforeTheFileAppears() {
        Path path = newPath();
        long before = System.currentTimeMillis();
        try (SharedRegion region = SharedRegion.create(path, FORMAT, LENGTH, RegionAccess.OWNER,
                memory -> {
                    assertFalse(Files.exists(path), "the file appears only once complete");
                    memory.putLong(RegionHeader.LENGTH, 0xFEEDL);
                })) {
            assertEquals(path, region.path());
            assertEquals(FORMAT, region.format());
            assertEquals(LENGTH, region.length());
            assertFalse(region.isReadOnly());
        }
        try (SharedRegion region = SharedRegion.open(path, FORMAT)) {
            assertEquals(FORMAT.kind(), region.kind());
            assertEquals(FORMAT.version(), region.version());
            assertEquals(LENGTH, region.length());
            assertEquals(ProcessHandle.current().pid(), region.creatorPid());
            assertEquals(ProcessIdentity.current(), region.creator());
            assertTrue(region.creationTimeMillis() >= before && region.creationTimeMillis() <= System.currentTimeMillis());
            assertEquals(RegionHeader.MAGIC, region.memory().getLong(RegionHeader.MAGIC_OFFSET));
            assertEquals(0xFEEDL, region.memory().getLong(RegionHeader.LENGTH));
            assertTrue(region.toString().contains(path.toString()));
        }
    }

    @Test
    void twoOpensShareTheMemory() {
        Path path = newPath();
        try (SharedRegion first = create(path, FORMAT, LENGTH); SharedRegion second = SharedRegion.open(path, FORMAT)) {
            first.memory().putLongVolatile(RegionHeader.LENGTH, 123L);
            assertEquals(123L, second.memory().getLongVolatile(RegionHeader.LENGTH));
        }
    }

    @Test
    void createRefusesAnExistingFileAndLeavesNoTemporaryBehind() throws IOException {
        Path path = newPath();
        create(path, FORMAT, LENGTH).close();
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> create(path, FORMAT, LENGTH));
        assertEquals(Reason.ALREADY_EXISTS, e.reason());
        assertEquals(path, e.path());
        try (Stream<Path> siblings = Files.list(path.getParent())) {
            assertEquals(0, siblings.filter(p -> p.getFileName().toString().startsWith("." + path.getFileName())).count(),
                    "temporary files left behind");
        }
    }

    @Test
    void aDanglingSymbolicLinkIsNamedWithItsTargetNotBlamedOnAnotherProcess() throws IOException {
        Path link = newPath();
        Path target = paths.next("region-target");
        Files.createSymbolicLink(link, target);
        SharedMemoryException e = assertThrows(SharedMemoryException.class,
                () -> SharedRegion.openOrCreate(link, FORMAT, LENGTH, RegionAccess.OWNER, memory -> { }).close());
        assertEquals(Reason.ALREADY_EXISTS, e.reason());
        assertEquals(link + ": the path is a dangling symbolic link to '" + target + "', which does not exist: remove the"
                + " link, or create the ring at its target", e.getMessage());
        assertTrue(openFails(link, FORMAT).getMessage().contains("a dangling symbolic link to '" + target + "'"));
        assertFalse(Files.exists(target), "nothing created through the link");
        try (Stream<Path> siblings = Files.list(link.getParent())) {
            assertEquals(0, siblings.filter(p -> p.getFileName().toString().startsWith("." + link.getFileName())).count(),
                    "temporary files left behind");
        }
    }

    @Test
    void createRejectsLengthsOutsideTheLimits() {
        Path path = newPath();
        assertThrows(IllegalArgumentException.class, () -> create(path, FORMAT, RegionHeader.LENGTH - 1));
        assertThrows(IllegalArgumentException.class, () -> create(path, FORMAT, SharedRegion.MAX_LENGTH + 1));
        assertFalse(Files.exists(path));
    }

    @Test
    void createInAMissingDirectoryIsMissing() {
        Path path = Paths.get("/dev/shm", TestPaths.uniqueName("no-such-dir"), "region");
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> create(path, FORMAT, LENGTH));
        assertEquals(Reason.MISSING, e.reason());
    }

    @Test
    void openOfAMissingFileIsMissing() {
        Path path = newPath();
        assertEquals(Reason.MISSING, openFails(path, FORMAT).reason());
        assertEquals(Reason.MISSING, assertThrows(SharedMemoryException.class,
                () -> SharedRegion.openReadOnly(path)).reason());
    }

    @Test
    void openOrCreateCreatesOnceThenOpensWithoutReinitialising() {
        Path path = newPath();
        AtomicInteger initialised = new AtomicInteger();
        try (SharedRegion first = SharedRegion.openOrCreate(path, FORMAT, LENGTH, RegionAccess.OWNER,
                memory -> initialised.incrementAndGet())) {
            first.memory().putLongVolatile(RegionHeader.LENGTH, 99L);
            try (SharedRegion second = SharedRegion.openOrCreate(path, FORMAT, LENGTH, RegionAccess.OWNER,
                    memory -> initialised.incrementAndGet())) {
                assertEquals(99L, second.memory().getLongVolatile(RegionHeader.LENGTH), "attach must not reset");
            }
        }
        assertEquals(1, initialised.get());
        SharedMemoryException e = assertThrows(SharedMemoryException.class, () -> SharedRegion.openOrCreate(path,
                FORMAT, LENGTH * 2, RegionAccess.OWNER, memory -> { }));
        assertEquals(Reason.WRONG_SIZE, e.reason());
        assertEquals(Reason.WRONG_KIND, assertThrows(SharedMemoryException.class, () -> SharedRegion.openOrCreate(path,
                new RegionFormat(42, 3, "other"), LENGTH, RegionAccess.OWNER, memory -> { })).reason());
    }

    @Test
    void deleteRemovesTheNameButNotAnExistingMapping() {
        Path path = newPath();
        try (SharedRegion region = create(path, FORMAT, LENGTH)) {
            assertTrue(SharedRegion.delete(path));
            assertFalse(Files.exists(path));
            assertFalse(SharedRegion.delete(path), "nothing left to delete");
            region.memory().putLong(RegionHeader.LENGTH, 5L);
            assertEquals(5L, region.memory().getLong(RegionHeader.LENGTH));
        }
    }

    @Test
    void readOnlyOpenReadsTheHeaderAndRefusesWrites() {
        Path path = newPath();
        try (SharedRegion writer = create(path, FORMAT, LENGTH); SharedRegion reader = SharedRegion.openReadOnly(path)) {
            writer.memory().putIntVolatile(RegionHeader.LENGTH, 17);
            assertTrue(reader.isReadOnly());
            assertEquals(FORMAT.kind(), reader.kind());
            assertEquals(FORMAT.version(), reader.version());
            assertEquals(FORMAT.kind(), reader.format().kind());
            assertEquals(17, reader.memory().getIntVolatile(RegionHeader.LENGTH));
            assertThrows(ReadOnlyBufferException.class, () -> reader.memory().putIntVolatile(RegionHeader.LENGTH, 1));
        }
    }

    @Test
    void fileModeIsOwnerOnlyOrOwnerAndGroupWhateverTheUmask() throws IOException {
        for (int umask : new int[] {0077, 0, 0027}) {
            int previous = Os.CALLS.umask(umask);
            try {
                Path owner = newPath();
                create(owner, FORMAT, LENGTH).close();
                assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(owner),
                        "OWNER with umask " + Integer.toOctalString(umask));
                Path group = newPath();
                SharedRegion.create(group, FORMAT, LENGTH, RegionAccess.OWNER_AND_GROUP, memory -> { }).close();
                assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(group),
                        "OWNER_AND_GROUP with umask " + Integer.toOctalString(umask));
            } finally {
                Os.CALLS.umask(previous);
            }
        }
        assertEquals(0600, RegionAccess.OWNER.mode());
        assertEquals(0660, RegionAccess.OWNER_AND_GROUP.mode());
    }

    @Test
    void aRegionOnARealDiskSurvivesClosingAndReopening() throws IOException {
        try (TestPaths onDisk = new TestPaths(Files.createDirectories(Paths.get("target").toAbsolutePath()))) {
            Path directory = onDisk.directory("disk");
            assumeTrue(!Files.getFileStore(directory).type().equals("tmpfs"), "target/ is expected on a disk");
            Path path = directory.resolve("region");
            try (SharedRegion region = create(path, FORMAT, LENGTH)) {
                region.memory().putLongVolatile(LENGTH - 8, 0xD15CL);
            }
            try (SharedRegion region = SharedRegion.open(path, FORMAT)) {
                assertEquals(0xD15CL, region.memory().getLongVolatile(LENGTH - 8));
            }
            ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(path)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(0xD15CL, content.getLong(LENGTH - 8));
        }
    }

    @Test
    void openOfAFileWithoutTheMagicIsWrongMagic() throws IOException {
        Path path = newPath();
        byte[] garbage = new byte[LENGTH];
        System.arraycopy("NOTIPCRG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, garbage, 0, 8);
        Files.write(path, garbage);
        assertEquals(Reason.WRONG_MAGIC, openFails(path, FORMAT).reason());
        assertEquals(Reason.WRONG_MAGIC, assertThrows(SharedMemoryException.class,
                () -> SharedRegion.openReadOnly(path)).reason());
        Files.write(path, new byte[LENGTH]);
        assertEquals(Reason.WRONG_MAGIC, openFails(path, FORMAT).reason(), "all zeroes");
    }

    @Test
    void openOfAnotherVersionIsUnsupportedVersion() {
        Path path = newPath();
        create(path, new RegionFormat(FORMAT.kind(), FORMAT.version() + 1, "newer"), LENGTH).close();
        SharedMemoryException e = openFails(path, FORMAT);
        assertEquals(Reason.UNSUPPORTED_VERSION, e.reason());
        assertTrue(e.getMessage().contains("layout version 4"), e.getMessage());
    }

    @Test
    void openOfAnotherKindIsWrongKind() {
        Path path = newPath();
        create(path, new RegionFormat(FORMAT.kind() + 1, FORMAT.version(), "other"), LENGTH).close();
        SharedMemoryException e = openFails(path, FORMAT);
        assertEquals(Reason.WRONG_KIND, e.reason());
        assertTrue(e.getMessage().contains("kind 42"), e.getMessage());
    }

    @Test
    void openOfATruncatedFileIsWrongSize() throws IOException {
        Path path = newPath();
        create(path, FORMAT, LENGTH).close();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(LENGTH / 2);
        }
        SharedMemoryException e = openFails(path, FORMAT);
        assertEquals(Reason.WRONG_SIZE, e.reason());
        assertTrue(e.getMessage().contains("file is 4096 bytes but its header says 8192"), e.getMessage());
        assertEquals(Reason.WRONG_SIZE, assertThrows(SharedMemoryException.class,
                () -> SharedRegion.openReadOnly(path)).reason());
    }

    @Test
    void openOfAnExtendedFileIsWrongSize() throws IOException {
        Path path = newPath();
        create(path, FORMAT, LENGTH).close();
        Files.write(path, new byte[100], StandardOpenOption.APPEND);
        SharedMemoryException e = openFails(path, FORMAT);
        assertEquals(Reason.WRONG_SIZE, e.reason());
        assertTrue(e.getMessage().contains("file is 8292 bytes but its header says 8192"), e.getMessage());
    }

    @Test
    void openOfAFileShorterThanTheHeaderIsWrongSize() throws IOException {
        Path path = newPath();
        for (int size : new int[] {0, 10, RegionHeader.LENGTH - 1}) {
            Files.write(path, new byte[size]);
            SharedMemoryException e = openFails(path, FORMAT);
            assertEquals(Reason.WRONG_SIZE, e.reason(), "size " + size);
            assertTrue(e.getMessage().contains("shorter than the 64-byte header"), e.getMessage());
        }
    }

    @Test
    void anotherUserCannotOpenAnOwnerOnlyRegionButItsGroupCanOpenAGroupRegion() throws Exception {
        Path ownerOnly = newPath();
        create(ownerOnly, FORMAT, LENGTH).close();
        Path groupShared = newPath();
        SharedRegion.create(groupShared, FORMAT, LENGTH, RegionAccess.OWNER_AND_GROUP, memory -> { }).close();
        if (Os.CALLS.geteuid() != 0) {
            // Not root: the owner itself is refused once the mode denies it.
            Files.setPosixFilePermissions(ownerOnly, Set.of());
            assertEquals(Reason.PERMISSION_DENIED, openFails(ownerOnly, FORMAT).reason());
            return;
        }
        // Root bypasses file modes, so open as user nobody in a child JVM, from a class path copy
        // that nobody can read.
        Path setpriv = Paths.get("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "running as root needs setpriv to open as another user");
        Files.setAttribute(groupShared, "unix:gid", NOBODY);
        try (TestPaths temporary = new TestPaths(Paths.get(System.getProperty("java.io.tmpdir")))) {
            Path classPath = copyClassPathForEveryone(temporary.directory("classpath"));
            List<String> asNobody = List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
            assertEquals("FAILED PERMISSION_DENIED", openAs(asNobody, classPath, ownerOnly, "rw"));
            assertEquals("FAILED PERMISSION_DENIED", openAs(asNobody, classPath, ownerOnly, "ro"));
            assertEquals("OPENED " + LENGTH, openAs(asNobody, classPath, groupShared, "rw"),
                    "nobody is in the file's group");
        }
    }

    @Test
    void aRegionBeyondTheFileSizeLimitFailsWithNoSpaceAndLeavesNoFile() throws Exception {
        Path prlimit = Paths.get("/usr/bin/prlimit");
        assumeTrue(Files.isExecutable(prlimit), "prlimit (util-linux) sets the child's file size limit");
        Path directory = paths.directory("fsize");
        Path region = directory.resolve("too-big");
        long limit = 1L << 20;
        List<String> limited = List.of(prlimit.toString(), "--fsize=" + limit);
        try (ChildJvm child = ChildJvm.start(limited, ChildJvm.thisJava(), ChildJvmFlags.forIpcring(),
                ChildJvm.thisClassPath(), OpenRegionChild.class, region.toString(), Integer.toString(FORMAT.kind()),
                Integer.toString(FORMAT.version()), "create:" + 8 * limit)) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            assertEquals("FAILED NO_SPACE", child.output().lines().findFirst().orElse("(no output)"), child.output());
            assertTrue(child.output().contains("RLIMIT_FSIZE"), child.output());
        }
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "neither the region nor its temporary file is left");
        }
    }

    @Test
    void theCreatorIsToldFromALaterProcessWithItsPid() {
        Path path = newPath();
        create(path, FORMAT, LENGTH).close();
        try (SharedRegion region = SharedRegion.open(path, FORMAT)) {
            assertTrue(region.creator().isAlive());
            long startTicks = ProcessIdentity.current().startTicks();
            region.memory().putLong(RegionHeader.CREATOR_START_TICKS_OFFSET, startTicks + 1);
            assertFalse(region.creator().isAlive(), "same pid, another start time: a recycled pid");
            region.memory().putLong(RegionHeader.CREATOR_START_TICKS_OFFSET, 0);
            assertTrue(region.creator().isAlive(), "a file from before the field existed: the pid alone decides");
        }
    }

    private static String openAs(List<String> launcher, Path classPath, Path region, String mode) throws Exception {
        String entries;
        try (Stream<Path> list = Files.list(classPath)) {
            entries = String.join(File.pathSeparator, list.map(Path::toString).sorted().toArray(String[]::new));
        }
        try (ChildJvm child = ChildJvm.start(launcher, ChildJvm.thisJava(), ChildJvmFlags.forIpcring(), entries,
                OpenRegionChild.class, region.toString(),
                Integer.toString(FORMAT.kind()), Integer.toString(FORMAT.version()), mode)) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            return child.output().lines().findFirst().orElse("(no output)");
        }
    }

    /** Copies every class path entry to an empty directory, made readable and traversable by all users. */
    private static Path copyClassPathForEveryone(Path root) throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].isEmpty()) {
                continue;
            }
            Path source = Paths.get(entries[i]);
            Path target = root.resolve(i + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    walk.forEach(p -> copyReadable(p, target.resolve(source.relativize(p).toString())));
                }
            } else if (Files.exists(source)) {
                copyReadable(source, target);
            }
        }
        return root;
    }

    private static void copyReadable(Path source, Path target) {
        try {
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else {
                Files.copy(source, target);
                Set<PosixFilePermission> readable = PosixFilePermissions.fromString("rw-r--r--");
                Files.setPosixFilePermissions(target, readable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void plainNamesResolveInTheDefaultDirectory() {
        assertEquals(Paths.get("/dev/shm", "orders"), SharedRegion.pathOf("orders"));
        assertEquals(Paths.get("/tmp/x/orders"), SharedRegion.pathOf("/tmp/x/orders"));
        String previous = System.getProperty(SharedRegion.DIRECTORY_PROPERTY);
        System.setProperty(SharedRegion.DIRECTORY_PROPERTY, "/var/tmp");
        try {
            assertEquals(Paths.get("/var/tmp"), SharedRegion.defaultDirectory());
            assertEquals(Paths.get("/var/tmp/orders"), SharedRegion.pathOf("orders"));
        } finally {
            if (previous == null) {
                System.clearProperty(SharedRegion.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(SharedRegion.DIRECTORY_PROPERTY, previous);
            }
        }
    }
}
