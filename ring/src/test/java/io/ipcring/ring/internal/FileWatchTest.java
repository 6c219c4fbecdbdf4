package io.ipcring.ring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.ring.RingFileChangedException;
import io.ipcring.ring.TestPaths;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RegionFormat;
import io.ipcring.sync.SharedMemoryException.Reason;
import io.ipcring.sync.SharedRegion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileWatchTest {
    private static final RegionFormat FORMAT = new RegionFormat(0x7E58, 1, "file watch test");

    private final TestPaths paths = new TestPaths();
    private Path path;
    private SharedRegion region;
    private FileWatch watch;

    @BeforeEach
    void create() {
        path = paths.next("watch");
        region = SharedRegion.create(path, FORMAT, 8192, RegionAccess.OWNER, memory -> { });
        watch = new FileWatch(region);
    }

    @AfterEach
    void delete() {
        region.close();
        paths.close();
    }

    private void replace() {
        SharedRegion.delete(path);
        SharedRegion.create(path, FORMAT, 8192, RegionAccess.OWNER, memory -> { }).close();
    }

    private void truncate() throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(100);
        }
    }

    private static void waitALookPeriod() throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(FileWatch.LOOK_PERIOD_NANOS + 1_000_000);
    }

    @Test
    void onceALookPeriodHasPassedTheCheckIntervalthTickLooks() throws InterruptedException {
        waitALookPeriod();
        replace();
        for (int i = 1; i < FileWatch.CHECK_INTERVAL; i++) {
            watch.tick();
        }
        RingFileChangedException e = assertThrows(RingFileChangedException.class, watch::tick, "the 64th tick");
        assertEquals(Reason.REPLACED, e.reason());
        assertEquals(path, e.path());
    }

    @Test
    void onceFoundEveryLaterCallThrowsAtOnce() {
        replace();
        assertThrows(RingFileChangedException.class, watch::check);
        assertThrows(RingFileChangedException.class, watch::tick, "without waiting for the cadence");
    }

    @Test
    void idleLooksOnceUntilTheNextLook() throws InterruptedException {
        watch.idle();
        replace();
        watch.idle();
        waitALookPeriod();
        assertThrows(RingFileChangedException.class, () -> {
            for (int i = 0; i < FileWatch.CHECK_INTERVAL; i++) {
                watch.tick();
            }
        });
    }

    @Test
    void translateTurnsWhatATruncatedFileCausedIntoTheRingsExceptionAndLeavesTheRestAlone() throws IOException {
        IllegalStateException unrelated = new IllegalStateException("unrelated");
        assertSame(unrelated, watch.translate(unrelated));
        InternalError error = new InternalError("unrelated");
        assertSame(error, assertThrows(InternalError.class, () -> watch.translate(error)));
        truncate();
        InternalError fault = new InternalError("a fault occurred in a recent unsafe memory access operation");
        RuntimeException translated = watch.translate(fault);
        assertEquals(RingFileChangedException.class, translated.getClass());
        assertEquals(Reason.TRUNCATED, ((RingFileChangedException) translated).reason());
        assertSame(fault, translated.getSuppressed()[0]);
    }

    @Test
    void writesOfAColdPathAreSkippedOnceTheFileIsTruncated() throws IOException {
        int[] runs = {0};
        watch.unlessTruncated(() -> runs[0]++);
        truncate();
        watch.unlessTruncated(() -> runs[0]++);
        assertEquals(1, runs[0]);
    }
}
