package io.ipcring.transport;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MalformedFrameException;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.MessageHandler;
import java.nio.ByteBuffer;

/**
 * Cuts a {@link ByteStream} into ipcring frames ({@link MessageFrame}: 8-byte header, payload)
 * and hands each payload in place to a {@link MessageHandler}, without ever waiting.
 *
 * <p>Reads go into one reused direct buffer. It starts at {@value #INITIAL_CAPACITY} bytes (or
 * less when the maximum frame is smaller) and grows only when a header that has already been
 * validated announces a larger frame, never beyond header plus the configured maximum: a
 * hostile length is rejected before anything is allocated for it. Partial reads are kept until
 * the rest arrives.
 *
 * <p>System calls: one read takes every byte the stream holds (up to the buffer's room), so a
 * frame, or many, arrive in one call, never header then payload. A read that returns less than
 * the room it was given found the stream empty: once such a read has yielded a frame the poll
 * ends without another read that would only say "nothing more" (a stream written by whole-frame
 * writers that has left a partial frame is still read once more, to report the truncation).
 * {@link #hasBufferedFrame()} tells a caller about to wait whether a poll can answer without
 * reading at all.
 *
 * <p>Errors, each thrown once the messages before it have been delivered:
 * <ul>
 *   <li>end of stream between frames: {@link ChannelClosedException};</li>
 *   <li>end of stream inside a header or payload ("peer closed mid-frame"), a negative or
 *       oversized length, a reserved type not in this decoder's control types:
 *       {@link MalformedFrameException}.</li>
 * </ul>
 * After either, the decoder is failed and every later poll throws {@link ChannelClosedException}
 * naming the first error, unless {@link #discardAvailable()} resynchronises it (only meaningful
 * on a stream whose writers write whole frames atomically, i.e. a shared FIFO).
 *
 * <p>Not thread-safe: one polling thread.
 */
public final class FrameDecoder {
    /** The buffer's starting capacity. */
    public static final int INITIAL_CAPACITY = 64 * 1024;

    private static final int[] NO_CONTROL_TYPES = new int[0];

    private final ByteStream in;
    private final int maxLength;
    private final int[] controlTypes;
    private final boolean wholeFrameWrites;
    private final String source;
    private ByteBuffer buffer;
    private int readIndex;
    private int writeIndex;
    private ChannelException pending;
    private String failure;
    private boolean inHandler;
    /** The last read returned less than it was given room for: the stream was empty then. */
    private boolean lastReadDrained;

    private FrameDecoder(ByteStream in, int maxLength, int[] controlTypes, boolean wholeFrameWrites, String source) {
        if (maxLength < 0 || maxLength > StreamOptions.MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("maxLength=" + maxLength + " must be in [0, " + StreamOptions.MAX_MESSAGE_LIMIT + "]");
        }
        this.in = in;
        this.maxLength = maxLength;
        this.controlTypes = controlTypes.clone();
        this.wholeFrameWrites = wholeFrameWrites;
        this.source = source;
        this.buffer = allocate(Math.min(INITIAL_CAPACITY, MessageFrame.HEADER_LENGTH + maxLength));
    }

    /**
     * A decoder for a stream with one writer per connection (pipe, socket, reply FIFO).
     *
     * @param in        the stream
     * @param maxLength the largest payload accepted
     * @return the decoder
     */
    public static FrameDecoder of(ByteStream in, int maxLength) {
        return new FrameDecoder(in, maxLength, NO_CONTROL_TYPES, false, in.name());
    }

    /**
     * A decoder for a shared FIFO, whose writers each put a whole frame in one atomic write: a
     * frame still incomplete when the stream has nothing more to read was truncated by its
     * writer and is reported as malformed.
     *
     * @param in           the stream
     * @param maxLength    the largest payload accepted
     * @param controlTypes reserved types (≤ 0) the transport uses for itself and wants delivered
     * @return the decoder
     */
    public static FrameDecoder wholeFrames(ByteStream in, int maxLength, int... controlTypes) {
        for (int t : controlTypes) {
            if (t > 0) {
                throw new IllegalArgumentException("control type " + t + " must be reserved (<= 0)");
            }
        }
        return new FrameDecoder(in, maxLength, controlTypes, true, in.name());
    }

    /**
     * Delivers the frames available now, up to {@code limit}, reading from the stream until it
     * has nothing more or the limit is reached. The message is consumed before the handler is
     * called: an exception from the handler propagates and the next poll continues after it.
     *
     * @param handler receives each payload in place
     * @param limit   the most frames to deliver, positive
     * @return the number delivered, 0 when none is complete
     * @throws MalformedFrameException when the stream carries a malformed or truncated frame
     * @throws ChannelClosedException  when the stream ended between frames, or the decoder failed
     *                                 before
     */
    public int poll(MessageHandler handler, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        if (pending != null) {
            ChannelException e = pending;
            pending = null;
            throw e;
        }
        if (failure != null) {
            throw new ChannelClosedException(source + " is closed after an earlier error: " + failure);
        }
        int delivered = 0;
        boolean drained = false;
        inHandler = false;
        try {
            while (delivered < limit) {
                int available = writeIndex - readIndex;
                int needed = MessageFrame.HEADER_LENGTH;
                if (available >= MessageFrame.HEADER_LENGTH) {
                    int length = MessageFrame.readLength(buffer, readIndex, maxLength, source);
                    int type = readType();
                    needed = MessageFrame.HEADER_LENGTH + length;
                    if (available >= needed) {
                        int payload = readIndex + MessageFrame.HEADER_LENGTH;
                        readIndex += needed;
                        if (readIndex == writeIndex) {
                            // empty: the next read starts at 0; the payload's bytes stay put
                            readIndex = 0;
                            writeIndex = 0;
                        }
                        delivered++;
                        inHandler = true;
                        handler.onMessage(type, buffer, payload, length);
                        inHandler = false;
                        continue;
                    }
                }
                if (drained && delivered > 0 && (available == 0 || !wholeFrameWrites)) {
                    // the last read emptied the stream: another would find nothing
                    return delivered;
                }
                makeRoom(needed);
                int room = buffer.capacity() - writeIndex;
                int n = read();
                drained = n < room;
                lastReadDrained = drained;
                if (n < 0) {
                    throw endOfStream(available, needed);
                }
                if (n == 0) {
                    if (wholeFrameWrites && available > 0) {
                        throw new MalformedFrameException(source + ": truncated frame: the stream is empty after "
                                + available + " of " + needed + " bytes, but every writer writes whole frames atomically");
                    }
                    return delivered;
                }
            }
            return delivered;
        } catch (ChannelException e) {
            if (inHandler) {
                // the handler's own exception: the stream is fine
                inHandler = false;
                throw e;
            }
            failure = e.getMessage();
            if (delivered > 0) {
                pending = e;
                return delivered;
            }
            throw e;
        }
    }

    private int readType() {
        int type = buffer.getInt(readIndex + MessageFrame.TYPE_OFFSET);
        if (type <= 0) {
            for (int control : controlTypes) {
                if (type == control) {
                    return type;
                }
            }
            return MessageFrame.readType(buffer, readIndex, source);
        }
        return type;
    }

    private ChannelException endOfStream(int available, int needed) {
        if (available == 0) {
            return new ChannelClosedException(source + ": the peer closed the stream (end of stream)");
        }
        String part = available < MessageFrame.HEADER_LENGTH ? "header" : "payload";
        return new MalformedFrameException(source + ": peer closed mid-frame: truncated " + part + ", "
                + available + " of " + needed + " bytes received");
    }

    /** Ensures {@code needed} bytes fit from {@code readIndex}, compacting or growing. */
    private void makeRoom(int needed) {
        if (buffer.capacity() - readIndex >= needed) {
            return;
        }
        int available = writeIndex - readIndex;
        if (needed > buffer.capacity()) {
            // needed <= HEADER_LENGTH + maxLength: the header was validated before we got here
            int capacity = (int) Math.min((long) MessageFrame.HEADER_LENGTH + maxLength,
                    Math.max(needed, 2L * buffer.capacity()));
            ByteBuffer bigger = allocate(capacity);
            bigger.put(0, buffer, readIndex, available);
            buffer = bigger;
        } else if (readIndex > 0) {
            buffer.put(0, buffer.duplicate(), readIndex, available);
        }
        readIndex = 0;
        writeIndex = available;
    }

    private int read() {
        buffer.limit(buffer.capacity()).position(writeIndex);
        int n = in.read(buffer);
        if (n > 0) {
            writeIndex += n;
        }
        return n;
    }

    /**
     * Drops every buffered byte and everything the stream has to read right now, and clears a
     * failure, so decoding restarts at the next write. Sound only when writers write whole
     * frames atomically (a shared FIFO): the bytes dropped end at a write boundary.
     *
     * @return the number of bytes dropped
     */
    public long discardAvailable() {
        long dropped = writeIndex - readIndex;
        readIndex = 0;
        writeIndex = 0;
        pending = null;
        failure = null;
        int n;
        do {
            buffer.clear();
            n = in.read(buffer);
            dropped += Math.max(n, 0);
        } while (n > 0);
        buffer.clear();
        lastReadDrained = true;
        return dropped;
    }

    /**
     * Whether {@link #poll} can answer from what is buffered, without reading: a complete frame
     * is buffered, or the stream has already failed (the poll throws). A caller about to wait for
     * the stream to become readable waits only when this is false.
     *
     * @return true when a poll would deliver or throw without a read
     */
    public boolean hasBufferedFrame() {
        if (pending != null || failure != null) {
            return true;
        }
        int available = writeIndex - readIndex;
        if (available < MessageFrame.HEADER_LENGTH) {
            return false;
        }
        // an invalid length also answers without reading: the poll reports it
        int length = buffer.getInt(readIndex + MessageFrame.LENGTH_OFFSET);
        return length < 0 || length > maxLength || available >= MessageFrame.HEADER_LENGTH + length;
    }

    /**
     * Whether the stream may hold more for a poll to deliver: a frame is buffered (see
     * {@link #hasBufferedFrame()}), or the last read filled the room it was given, so the stream
     * was not seen empty. A server that stops serving a connection at its limit serves it first
     * next time only then; otherwise readiness will tell.
     *
     * @return false when everything the stream held at the last read has been delivered
     */
    public boolean mayHaveMore() {
        return hasBufferedFrame() || !lastReadDrained;
    }

    /** @return the current capacity of the receive buffer (it never exceeds header + maximum) */
    public int bufferCapacity() {
        return buffer.capacity();
    }

    /** @return the largest payload accepted */
    public int maxLength() {
        return maxLength;
    }

    private static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(MessageFrame.BYTE_ORDER);
    }
}
