package io.ipcring.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import org.junit.jupiter.api.Test;

class StreamOptionsTest {
    @Test
    void readsSizesWithSuffixesAndDefaults() {
        StreamOptions o = StreamOptions.of(ChannelUri.parse("unix:/x?maxMessage=64k&writeTimeout=250"), 99);
        assertEquals(64 * 1024, o.maxMessage());
        assertEquals(250_000_000L, o.writeTimeoutNanos());
        StreamOptions d = StreamOptions.of(ChannelUri.parse("unix:/x"), 99);
        assertEquals(99, d.maxMessage());
        assertEquals(StreamOptions.DEFAULT_WRITE_TIMEOUT_MILLIS * 1_000_000, d.writeTimeoutNanos());
    }

    @Test
    void rejectsValuesOutOfRangeNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamOptions.of(ChannelUri.parse("unix:/x?maxMessage=1g"), 99));
        assertTrue(e.getMessage().contains("maxMessage=1073741824"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.of(ChannelUri.parse("unix:/x?writeTimeout=0"), 99));
        assertThrows(IllegalArgumentException.class, () -> new StreamOptions(-1, 10));
    }
}
