package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import io.ipcring.ring.ShmChannelProvider;
import io.ipcring.ring.WaitStrategy;
import io.ipcring.sync.SharedRegion;
import io.ipcring.testsupport.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JournalUriTest {
    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static JournalOptions options(String uri) {
        return JournalUri.parse(uri).options(JournalOptions.defaults());
    }

    @Test
    void aDirectoryIsNamedAsShmNamesRings() {
        for (String target : new String[] {"orders", "/orders", "/var/lib/app/orders", "rel/orders"}) {
            assertEquals(ShmChannelProvider.path(ChannelUri.parse("shm:" + target)),
                    JournalUri.parse("journal:" + target).directory(), target);
        }
        assertEquals(SharedRegion.defaultDirectory().resolve("orders"), JournalUri.parse("journal:/orders?roll=hourly").directory());
        assertEquals(Paths.get("/var/lib/app/orders"), JournalUri.parse("journal:/var/lib/app/orders").directory());
    }

    @Test
    void rollTakesASizeAPeriodOrBoth() {
        assertEquals(256 << 20, options("journal:/j?roll=size:256m").rollBytes());
        assertEquals(RollPeriod.NONE, options("journal:/j?roll=size:256m").rollPeriod());
        assertEquals(RollPeriod.HOURLY, options("journal:/j?roll=hourly").rollPeriod());
        JournalOptions both = options("journal:/j?roll=size:1m,DAILY");
        assertEquals(1 << 20, both.rollBytes());
        assertEquals(RollPeriod.DAILY, both.rollPeriod());
        assertEquals(JournalOptions.defaults().rollBytes(), options("journal:/j?roll=daily").rollBytes());
        for (String bad : new String[] {"hourly,daily", "size:1m,size:2m", "weekly", "size:", "size:4g", "size:-64k", "size:60k",
                "size:65537", "size:2g", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalUri.parse("journal:/j?roll=" + bad));
            assertTrue(e.getMessage().startsWith("channel URI 'journal:/j?roll=" + bad + "': ")
                    && e.getMessage().contains("roll=" + bad), e.getMessage());
        }
    }

    @Test
    void maxAppendersAndWaitShapeTheOptions() {
        JournalOptions o = options("journal:/j?max=4k&appenders=3&wait=spin");
        assertEquals(4096, o.maxMessageLength());
        assertEquals(3, o.appenderSlots());
        assertEquals(WaitStrategy.BUSY_SPIN, o.waitStrategy());
        assertEquals(WaitStrategy.BLOCKING, options("journal:/j").waitStrategy());
        assertEquals(250_000_000L, options("journal:/j?claimTimeoutMs=250").stuckClaimTimeoutNanos());
        assertEquals(0, options("journal:/j").stuckClaimTimeoutNanos());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> JournalUri.parse("journal:/j?claimTimeoutMs=-1"));
        assertTrue(negative.getMessage().contains("claimTimeoutMs=-1 must not be negative"), negative.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalUri.parse("journal:/j?appenders=9g"));
        assertTrue(e.getMessage().contains("appenders=9663676416 is out of range"), e.getMessage());
    }

    @Test
    void fromIsStartEndASequenceOrATime() {
        assertEquals("first", JournalUri.parse("journal:/j").start().toString());
        assertEquals("end", JournalUri.parse("journal:/j?from=END").start().toString());
        assertEquals("sequence:42", JournalUri.parse("journal:/j?from=seq:42").start().toString());
        Instant at = Instant.parse("2026-12-08T03:00:00Z");
        long nanos = at.getEpochSecond() * 1_000_000_000L;
        assertEquals("time:" + nanos, JournalUri.parse("journal:/j?from=time:2026-12-08T03:00:00Z").start().toString());
        // a '+' in a query decodes to a space; %2B stays a '+'
        assertEquals("time:" + nanos, JournalUri.parse("journal:/j?from=time:2026-12-08T04:00:00+01:00").start().toString());
        assertEquals("time:" + nanos, JournalUri.parse("journal:/j?from=time:2026-12-08T04:00:00%2B01:00").start().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalUri.start("seq:x"));
        assertEquals("from=seq:x: the sequence must be a number >= 0 (expected start, end, seq:N or time:ISO-8601)", e.getMessage());
    }

    @Test
    void retainAndSyncShapeTheOptions() {
        JournalOptions o = options("journal:/j?retain=segments:3&sync=periodic:10ms");
        assertEquals(JournalRetention.segments(3), o.retention());
        assertEquals(JournalSync.periodic(java.time.Duration.ofMillis(10)), o.sync());
        assertEquals(JournalRetention.bytes(64L << 20), options("journal:/j?retain=bytes:64m").retention());
        assertEquals(JournalRetention.time(java.time.Duration.ofHours(1)), options("journal:/j?retain=time:PT1H").retention());
        assertEquals(JournalSync.always(), options("journal:/j?sync=always").sync());
        assertEquals(JournalOptions.defaults().retention(), options("journal:/j").retention());
        assertEquals(JournalOptions.defaults().sync(), options("journal:/j").sync());
        for (String bad : new String[] {"retain=3", "retain=segments:x", "retain=weeks:2", "sync=sometimes", "sync=periodic:10"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalUri.parse("journal:/j?" + bad));
            assertTrue(e.getMessage().startsWith("channel URI 'journal:/j?" + bad + "': ") && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void aJournalOpenedThroughTheUriKeepsItsRetainAndSync() throws java.io.IOException {
        Path dir = paths.directory("journal-uri-retain");
        String uri = "journal:" + dir + "?roll=size:256k&max=1k&retain=segments:2&sync=always";
        try (Journal journal = JournalUri.parse(uri).open()) {
            assertEquals(JournalRetention.segments(2), journal.options().retention());
            assertEquals(JournalSync.always(), journal.options().sync());
        }
        try (Journal again = JournalUri.parse("journal:" + dir).open()) {
            assertEquals(JournalRetention.segments(2), again.options().retention(), "kept from the meta");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournalUri.parse("journal:" + dir + "?sync=none").open());
        assertTrue(e.getMessage().contains("sync"), e.getMessage());
    }

    @Test
    void anotherSchemeIsNotAJournal() {
        assertThrows(IllegalArgumentException.class, () -> JournalUri.parse("shm:/j"));
        assertTrue(JournalUri.isJournal("JOURNAL:/j"));
        assertTrue(!JournalUri.isJournal("shm:/journal:x") && !JournalUri.isJournal("journal"));
    }

    @Test
    void openTakesWhatTheUriDoesNotGiveFromAnExistingJournalAndChecksWhatItGives() {
        Path dir = paths.next("journal-uri");
        String uri = "journal:" + dir;
        try (Journal created = JournalUri.parse(uri + "?roll=size:128k,hourly&max=100&appenders=2&claimTimeoutMs=50").open()) {
            assertEquals(128 * 1024, created.options().rollBytes());
        }
        try (Journal opened = JournalUri.parse(uri + "?wait=backoff").open()) {
            assertEquals(128 * 1024, opened.options().rollBytes());
            assertEquals(RollPeriod.HOURLY, opened.options().rollPeriod());
            assertEquals(100, opened.options().maxMessageLength());
            assertEquals(2, opened.options().appenderSlots());
            assertEquals(50_000_000L, opened.options().stuckClaimTimeoutNanos());
            assertEquals(WaitStrategy.BACKOFF, opened.options().waitStrategy());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalUri.parse(uri + "?max=200").open());
        assertTrue(e.getMessage().startsWith("channel URI '" + uri + "?max=200': ")
                && e.getMessage().contains("maxMessageLength=200 (journal has 100)"), e.getMessage());
    }

    @Test
    void aBadUriCreatesNothing() {
        Path dir = paths.next("journal-uri");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournalUri.parse("journal:" + dir + "?roll=size:64k&max=64k").open(), "each fine alone, not together");
        assertTrue(e.getMessage().contains("maxMessageLength=65536"), e.getMessage());
        assertTrue(!Files.exists(dir), "no directory for a refused URI");
    }
}
