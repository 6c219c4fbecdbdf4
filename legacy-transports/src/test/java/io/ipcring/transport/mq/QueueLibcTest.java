package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueueLibcTest {
    @Test
    void savesErrnoOfAFailedCall() {
        assertEquals(-1, QueueLibc.LIBC.mq_unlink("/ipcring-test-never-created-" + ProcessHandle.current().pid()));
        assertEquals(QueueLibc.ENOENT, QueueLibc.errno());
        assertEquals(-1, QueueLibc.LIBC.msgget(0x49520000, 0));
        assertEquals(QueueLibc.ENOENT, QueueLibc.errno());
    }

    @Test
    void namesErrnoValues() {
        assertEquals("EINVAL (22)", QueueLibc.describe(QueueLibc.EINVAL));
        assertEquals("EIDRM (43)", QueueLibc.describe(QueueLibc.EIDRM));
        assertEquals("errno (999)", QueueLibc.describe(999));
    }
}
