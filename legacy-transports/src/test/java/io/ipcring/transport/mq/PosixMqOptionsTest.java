package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import org.junit.jupiter.api.Test;

class PosixMqOptionsTest {
    private final PosixMqLimits limits = new PosixMqLimits(10, 8192, 256, 7, 4096, 819200);

    private PosixMqOptions parse(String uri) {
        return PosixMqOptions.parse(ChannelUri.parse(uri), limits);
    }

    @Test
    void defaultsComeFromTheSystemDefaults() {
        PosixMqOptions options = parse("mq:/orders");
        assertEquals("/orders", options.name);
        assertEquals(7, options.maxMessages);
        assertEquals(4096, options.messageSize, "msgsize_default, header included");
        assertEquals(0, options.priority);
        assertFalse(options.unlinkOnClose);
        assertTrue(options.create);
        assertEquals("mq:/orders", options.uri);
    }

    @Test
    void readsEveryParameter() {
        PosixMqOptions options = parse("mq:/orders?maxMessages=3&maxMessage=1k&priority=9&unlinkOnClose=true&create=false");
        assertEquals(3, options.maxMessages);
        assertEquals(1024 + 8, options.messageSize, "the largest payload plus the frame header");
        assertEquals(9, options.priority);
        assertTrue(options.unlinkOnClose);
        assertFalse(options.create);
    }

    @Test
    void rejectsOutOfRangeValuesAndUnknownParameters() {
        assertThrows(IllegalArgumentException.class, () -> parse("mq:/q?maxMessages=0"));
        assertThrows(IllegalArgumentException.class, () -> parse("mq:/q?maxMessage=-1"));
        assertThrows(IllegalArgumentException.class, () -> parse("mq:/q?priority=32768"));
        assertThrows(IllegalArgumentException.class, () -> parse("mq:/q?priority=-1"));
        assertThrows(IllegalArgumentException.class, () -> parse("mq:/q?unlinkOnclose=true"));
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:/q"));
    }

    @Test
    void acceptsOnlyValidQueueNames() {
        assertEquals("/a", PosixMqOptions.checkName("/a"));
        assertEquals("/" + "x".repeat(255), PosixMqOptions.checkName("/" + "x".repeat(255)));
        for (String bad : new String[] {"/", "orders", "/a/b", "/" + "x".repeat(256), "/a\0b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PosixMqOptions.checkName(bad), bad);
            assertTrue(e.getMessage().contains("must be a slash followed by 1 to 255 characters"), e.getMessage());
        }
    }
}
