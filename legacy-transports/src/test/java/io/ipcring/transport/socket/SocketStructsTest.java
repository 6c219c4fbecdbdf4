package io.ipcring.transport.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.transport.server.PeerCredentials;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SocketStructsTest {
    @Test
    void anAddressIsTheFamilyThenTheNulTerminatedPath() {
        ByteBuffer scratch = SocketStructs.scratch();
        byte[] path = SocketStructs.pathBytes(Path.of("/tmp/a.sock"));
        int length = SocketStructs.putAddress(scratch, path);
        assertEquals(SocketStructs.SUN_PATH_OFFSET + path.length + 1, length);
        assertEquals(UnixSocketLibc.AF_UNIX, scratch.getShort(SocketStructs.SUN_FAMILY_OFFSET));
        byte[] written = new byte[path.length];
        scratch.get(SocketStructs.SUN_PATH_OFFSET, written);
        assertArrayEquals("/tmp/a.sock".getBytes(StandardCharsets.US_ASCII), written);
        assertEquals(0, scratch.get(SocketStructs.SUN_PATH_OFFSET + path.length));
    }

    @Test
    void aPathMayTake107BytesAndNoMore() {
        String longest = "/" + "p".repeat(SocketStructs.MAX_PATH_BYTES - 1);
        ByteBuffer scratch = SocketStructs.scratch();
        int length = SocketStructs.putAddress(scratch, SocketStructs.pathBytes(Path.of(longest)));
        assertEquals(SocketStructs.SOCKADDR_UN_SIZE, length, "path and NUL fill sun_path exactly");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketStructs.pathBytes(Path.of(longest + "p")));
        assertTrue(e.getMessage().contains("is 108 bytes long; the kernel takes at most 107"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SocketStructs.putAddress(scratch, new byte[108]));
    }

    @Test
    void anAcceptedAddressIsReadUpToItsLengthOrItsNul() {
        ByteBuffer scratch = SocketStructs.scratch();
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, SocketStructs.SUN_PATH_OFFSET);
        assertEquals(UnixDomainSocketAddress.of(""), SocketStructs.readAddress(scratch), "unnamed");

        SocketStructs.putAddress(scratch, "/run/c.sock".getBytes(StandardCharsets.US_ASCII));
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, SocketStructs.SOCKADDR_UN_SIZE);
        assertEquals(UnixDomainSocketAddress.of("/run/c.sock"), SocketStructs.readAddress(scratch), "stops at the NUL");
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, SocketStructs.SUN_PATH_OFFSET + 4);
        assertEquals(UnixDomainSocketAddress.of("/run"), SocketStructs.readAddress(scratch), "stops at the length");
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, 1_000);
        assertEquals(UnixDomainSocketAddress.of("/run/c.sock"), SocketStructs.readAddress(scratch), "a length beyond the struct is capped");

        scratch.put(SocketStructs.SUN_PATH_OFFSET, (byte) 0);
        scratch.putInt(SocketStructs.SCRATCH_LENGTH_OFFSET, SocketStructs.SUN_PATH_OFFSET + 6);
        assertEquals(UnixDomainSocketAddress.of(""), SocketStructs.readAddress(scratch), "abstract: reported unnamed");
    }

    @Test
    void credentialsArePidUidGid() {
        ByteBuffer scratch = SocketStructs.scratch();
        scratch.putInt(SocketStructs.SCRATCH_UCRED_OFFSET + SocketStructs.UCRED_PID_OFFSET, 4321);
        scratch.putInt(SocketStructs.SCRATCH_UCRED_OFFSET + SocketStructs.UCRED_UID_OFFSET, 1000);
        scratch.putInt(SocketStructs.SCRATCH_UCRED_OFFSET + SocketStructs.UCRED_GID_OFFSET, 100);
        assertEquals(new PeerCredentials(4321, 1000, 100), SocketStructs.readCredentials(scratch));
    }
}
