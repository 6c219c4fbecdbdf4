package io.ipcring.transport.fifo;

import io.ipcring.channel.MessageFrame;

/**
 * The wire conventions of the FIFO client/server pattern, on top of the ipcring frame
 * ({@link MessageFrame}).
 *
 * <p><b>Atomic frames.</b> Many clients write to the server's one FIFO. The kernel keeps a write
 * of up to {@link #PIPE_BUF} bytes in one piece, so every frame on the request FIFO is written
 * with one {@code write} and is at most {@link #PIPE_BUF} bytes, header included. Larger requests
 * are refused with an {@link IllegalArgumentException} rather than protected by a lock: a lock
 * would stop interleaving but not a writer that dies half-way through a frame, which would
 * desynchronise the stream for every client. Replies travel on a FIFO of their own, with one
 * writer, and may be as large as the server's {@code maxReply}.
 *
 * <p><b>Client identity.</b> A client that wants replies creates its own reply FIFO (mode 0600),
 * opens it for reading, and registers; every request then carries its id. A writer that never
 * registers may send plain frames (type &gt; 0): the server receives them as anonymous requests it
 * cannot answer. Control frames use reserved types:
 * <pre>
 *  REGISTER   (type -2) client -&gt; server   | client id (int64) | pid (int64) | reply FIFO path (UTF-8) |
 *  REQUEST    (type -3) client -&gt; server   | client id (int64) | user type (int32) | user payload ...    |
 *  UNREGISTER (type -4) client -&gt; server   | client id (int64) |
 *  ACK        (type -5) server -&gt; reply    | client id (int64) |
 * </pre>
 * All integers little-endian. The server answers REGISTER by opening the reply FIFO for writing
 * (only if it is a FIFO owned by the server's own user) and sending ACK; the client then unlinks
 * the reply FIFO's name (both ends being open, nothing is left on disk if either dies later).
 * Replies are plain frames (type &gt; 0).
 */
public final class FifoProtocol {
    /** The largest write the kernel keeps in one piece on a pipe or FIFO (Linux). */
    public static final int PIPE_BUF = 4096;
    /** The largest payload of a plain frame on the request FIFO. */
    public static final int MAX_PLAIN_PAYLOAD = PIPE_BUF - MessageFrame.HEADER_LENGTH;

    /** Control type: a client registers its reply FIFO. */
    public static final int REGISTER_TYPE = -2;
    /** Control type: a request from a registered client. */
    public static final int REQUEST_TYPE = -3;
    /** Control type: a client leaves. */
    public static final int UNREGISTER_TYPE = -4;
    /** Control type on a reply FIFO: the server accepted the registration. */
    public static final int ACK_TYPE = -5;

    /** Offset of the client id in REGISTER, REQUEST, UNREGISTER and ACK payloads. */
    public static final int CLIENT_ID_OFFSET = 0;
    /** Offset of the client's pid in a REGISTER payload. */
    public static final int PID_OFFSET = 8;
    /** Offset of the reply FIFO path in a REGISTER payload. */
    public static final int PATH_OFFSET = 16;
    /** Offset of the user's type in a REQUEST payload. */
    public static final int USER_TYPE_OFFSET = 8;
    /** Offset of the user's payload in a REQUEST payload. */
    public static final int USER_PAYLOAD_OFFSET = 12;
    /** The largest user payload of a REQUEST. */
    public static final int MAX_REQUEST_PAYLOAD = MAX_PLAIN_PAYLOAD - USER_PAYLOAD_OFFSET;
    /** Bytes of an UNREGISTER or ACK payload. */
    public static final int ID_ONLY_LENGTH = 8;

    /** Permission bits of every FIFO created: owner read and write. */
    public static final int FIFO_MODE = 0600;

    private FifoProtocol() {
    }
}
