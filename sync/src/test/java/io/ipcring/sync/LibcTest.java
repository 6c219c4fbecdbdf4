package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void aFailedCallLeavesItsErrnoForTheCallingThread() {
        assertEquals(-1, Libc.LIBC.open("/dev/shm/" + ScratchRegion.uniqueName("missing") + "/x", Libc.O_RDWR, 0));
        assertEquals(Libc.ENOENT, Libc.errno());
        assertEquals(-1, Libc.LIBC.kill(Integer.MAX_VALUE, 0));
        assertEquals(Libc.ESRCH, Libc.errno());
    }
}
