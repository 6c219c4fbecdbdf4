package io.ipcring.transport.socket;

import io.ipcring.transport.server.PeerCredentials;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The C structures the {@code unix:} transport passes to the kernel, and the one reused native
 * block ("scratch") that holds them for a socket's calls. Linux, x86-64 and aarch64 (the same
 * layout on both; {@code UnixSocketLibcTest} checks every size and offset against this machine's
 * headers). Integers are in native byte order.
 *
 * <pre>
 * struct sockaddr_un (110 bytes)
 *  0            2                                              110
 *  | sun_family | sun_path[108]: the path, NUL-terminated        |
 *    AF_UNIX      (unnamed: length 2; abstract: sun_path[0] == 0)
 *
 * struct ucred (12 bytes), what SO_PEERCRED returns
 *  0       4       8       12
 *  | pid   | uid   | gid   |
 *
 * scratch block (128 bytes)
 *  0                       112              116      128
 *  | sockaddr_un (+2 pad)  | socklen_t len  | ucred  |
 * </pre>
 */
final class SocketStructs {
    /** Bytes of {@code struct sockaddr_un}. */
    static final int SOCKADDR_UN_SIZE = 110;
    /** Offset of {@code sun_family}, an unsigned short. */
    static final int SUN_FAMILY_OFFSET = 0;
    /** Offset of {@code sun_path}. */
    static final int SUN_PATH_OFFSET = 2;
    /** Bytes of {@code sun_path}. */
    static final int SUN_PATH_SIZE = SOCKADDR_UN_SIZE - SUN_PATH_OFFSET;
    /** The longest path a socket can have: {@code sun_path} less its terminating NUL. */
    static final int MAX_PATH_BYTES = SUN_PATH_SIZE - 1;

    /** Bytes of {@code struct ucred}. */
    static final int UCRED_SIZE = 12;
    /** Offset of {@code ucred.pid}. */
    static final int UCRED_PID_OFFSET = 0;
    /** Offset of {@code ucred.uid}. */
    static final int UCRED_UID_OFFSET = 4;
    /** Offset of {@code ucred.gid}. */
    static final int UCRED_GID_OFFSET = 8;

    /** Offset of the address in the scratch block. */
    static final int SCRATCH_ADDRESS_OFFSET = 0;
    /** Offset of the {@code socklen_t} value-result length in the scratch block. */
    static final int SCRATCH_LENGTH_OFFSET = 112;
    /** Offset of the credentials in the scratch block. */
    static final int SCRATCH_UCRED_OFFSET = SCRATCH_LENGTH_OFFSET + Integer.BYTES;
    /** Bytes of the scratch block. */
    static final int SCRATCH_SIZE = SCRATCH_UCRED_OFFSET + UCRED_SIZE;

    /** How Java turns file names into bytes (the property the JDK itself reads for paths). */
    private static final Charset PATH_CHARSET = pathCharset();

    private SocketStructs() {
    }

    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException unsupported) {
            return Charset.defaultCharset();
        }
    }

    /** @return a fresh scratch block, direct and in native byte order */
    static ByteBuffer scratch() {
        return ByteBuffer.allocateDirect(SCRATCH_SIZE).order(ByteOrder.nativeOrder());
    }

    /**
     * @param path a socket file's path ({@link Path} itself refuses a NUL character)
     * @return its bytes as the kernel will see them
     * @throws IllegalArgumentException when it does not fit {@code sun_path}, with its length
     */
    static byte[] pathBytes(Path path) {
        byte[] bytes = path.toString().getBytes(PATH_CHARSET);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("the Unix socket path " + path + " is " + bytes.length
                    + " bytes long; the kernel takes at most " + MAX_PATH_BYTES + " (sun_path)");
        }
        return bytes;
    }

    /**
     * Writes a {@code sockaddr_un} for a path at the scratch block's address.
     *
     * @param scratch a scratch block
     * @param path    bytes from {@link #pathBytes}
     * @return the address length to pass to {@code bind} or {@code connect}
     */
    static int putAddress(ByteBuffer scratch, byte[] path) {
        if (path.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("path length=" + path.length + " above " + MAX_PATH_BYTES);
        }
        scratch.putShort(SCRATCH_ADDRESS_OFFSET + SUN_FAMILY_OFFSET, (short) UnixSocketLibc.AF_UNIX);
        scratch.put(SCRATCH_ADDRESS_OFFSET + SUN_PATH_OFFSET, path);
        scratch.put(SCRATCH_ADDRESS_OFFSET + SUN_PATH_OFFSET + path.length, (byte) 0);
        return SUN_PATH_OFFSET + path.length + 1;
    }

    /**
     * Reads the {@code sockaddr_un} the kernel wrote at the scratch block's address (by
     * {@code accept4}), its length in the scratch block's length field.
     *
     * @param scratch a scratch block
     * @return the path, or the unnamed address (an empty path) for an unnamed or abstract socket,
     *         which a {@link UnixDomainSocketAddress} cannot represent
     */
    static UnixDomainSocketAddress readAddress(ByteBuffer scratch) {
        int length = scratch.getInt(SCRATCH_LENGTH_OFFSET);
        int pathBytes = Math.min(length, SOCKADDR_UN_SIZE) - SUN_PATH_OFFSET;
        int start = SCRATCH_ADDRESS_OFFSET + SUN_PATH_OFFSET;
        if (pathBytes <= 0 || scratch.get(start) == 0) {
            return UnixDomainSocketAddress.of("");
        }
        int end = 0;
        while (end < pathBytes && scratch.get(start + end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        scratch.get(start, bytes);
        return UnixDomainSocketAddress.of(new String(bytes, PATH_CHARSET));
    }

    /**
     * @param scratch a scratch block whose credentials {@code getsockopt} filled
     * @return them
     */
    static PeerCredentials readCredentials(ByteBuffer scratch) {
        return new PeerCredentials(scratch.getInt(SCRATCH_UCRED_OFFSET + UCRED_PID_OFFSET),
                scratch.getInt(SCRATCH_UCRED_OFFSET + UCRED_UID_OFFSET),
                scratch.getInt(SCRATCH_UCRED_OFFSET + UCRED_GID_OFFSET));
    }
}
