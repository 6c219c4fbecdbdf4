package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.OpenFlags;
import io.ipcring.sync.os.Os;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What the sync module relies on from {@link Os#CALLS}, whichever binding this JVM uses. */
class NativeCallsTest {
    @Test
    void aFailedCallLeavesItsErrnoForTheCallingThread() {
        assertEquals(-1, Os.CALLS.open("/dev/shm/" + TestPaths.uniqueName("missing") + "/x", OpenFlags.O_RDWR, 0));
        assertEquals(Errno.ENOENT, Os.CALLS.errno());
        assertEquals(-1, Os.CALLS.kill(Integer.MAX_VALUE, 0));
        assertEquals(Errno.ESRCH, Os.CALLS.errno());
    }

    @Test
    void aDirectBufferHasAnAddressAndSlicesAreOffsetFromIt() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        long address = Os.CALLS.address(buffer);
        assertNotEquals(0L, address);
        assertEquals(address + 16, Os.CALLS.address(buffer.slice(16, 8)));
    }

    @Test
    void aHeapBufferHasNoAddress() {
        assertThrows(IllegalArgumentException.class, () -> Os.CALLS.address(ByteBuffer.allocate(8)));
    }
}
