package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import org.junit.jupiter.api.Test;

class UriOptionsTest {
    @Test
    void readsBooleansStrictly() {
        ChannelUri uri = ChannelUri.parse("mq:/q?a=true&b=false&c=yes");
        assertTrue(UriOptions.booleanParameter(uri, "a", false));
        assertFalse(UriOptions.booleanParameter(uri, "b", true));
        assertTrue(UriOptions.booleanParameter(uri, "absent", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UriOptions.booleanParameter(uri, "c", false));
        assertTrue(e.getMessage().contains("c=yes must be true or false"), e.getMessage());
    }

    @Test
    void readsNumbersWithinARange() {
        ChannelUri uri = ChannelUri.parse("mq:/q?n=2k&m=0");
        assertEquals(2048, UriOptions.rangeParameter(uri, "n", 1, 1, 4096));
        assertEquals(5, UriOptions.rangeParameter(uri, "absent", 5, 1, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UriOptions.rangeParameter(uri, "m", 1, 1, 10));
        assertTrue(e.getMessage().contains("m=0 must be in [1, 10]"), e.getMessage());
    }
}
