package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelUri;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysVMqOptionsTest {
    @TempDir
    Path dir;

    private static SysVMqOptions parse(String uri) {
        return SysVMqOptions.parse(ChannelUri.parse(uri));
    }

    @Test
    void readsHexadecimalAndDecimalKeys() {
        assertEquals(0x1234, parse("sysvmq:0x1234").key);
        assertEquals(4660, parse("sysvmq:4660").key);
        assertEquals(0xFFFFFFFF, parse("sysvmq:0xffffffff").key);
        assertEquals(-2, parse("sysvmq:-2").key);
        assertEquals(10, parse("sysvmq:010").key, "decimal, not octal");
    }

    @Test
    void rejectsIpcPrivateAndGarbageKeys() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:0"));
        assertTrue(zero.getMessage().contains("IPC_PRIVATE"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:0x100000000"));
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:orders"));
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:0x12?proj=3"));
    }

    @Test
    void turnsAPathAndProjectIdIntoTheFtokKey() {
        assertEquals(SysVMessageQueue.key(dir, 7), parse("sysvmq:" + dir + "?proj=7").key);
        assertEquals(SysVMessageQueue.key(dir, 1), parse("sysvmq:" + dir).key, "proj defaults to 1");
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:" + dir + "?proj=256"));
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:" + dir.resolve("absent")));
    }

    @Test
    void readsTheReceiveModeFromType() {
        assertEquals(ReceiveMode.any(), parse("sysvmq:0x12").receiveMode);
        assertEquals(ReceiveMode.exactly(2), parse("sysvmq:0x12?type=2").receiveMode);
        assertEquals(ReceiveMode.lowestUpTo(5), parse("sysvmq:0x12?type=-5").receiveMode);
    }

    @Test
    void readsTheOtherParameters() {
        SysVMqOptions defaults = parse("sysvmq:0x12");
        assertEquals(SysVMqOptions.UNSET, defaults.maxPayload);
        assertEquals(SysVMqOptions.UNSET, defaults.queueBytes);
        assertFalse(defaults.removeOnClose);
        assertTrue(defaults.create);
        SysVMqOptions all = parse("sysvmq:0x12?maxMessage=100&queueBytes=4k&removeOnClose=true&create=false");
        assertEquals(100, all.maxPayload);
        assertEquals(4096, all.queueBytes);
        assertTrue(all.removeOnClose);
        assertFalse(all.create);
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:0x12?maxMessage=-1"));
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:0x12?queueBytes=0"));
        assertThrows(IllegalArgumentException.class, () -> parse("sysvmq:0x12?priority=1"));
        assertThrows(IllegalArgumentException.class, () -> parse("mq:/x"));
    }
}
