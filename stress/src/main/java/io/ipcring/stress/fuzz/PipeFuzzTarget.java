package io.ipcring.stress.fuzz;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.transport.FdStream;
import io.ipcring.transport.FrameDecoder;
import io.ipcring.transport.NativeIo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link FrameDecoder} over a real anonymous pipe: each case makes a pipe and a decoder with a
 * random maximum (from 0 to 300,000 bytes, beyond the decoder's initial 64 KiB buffer), writes the
 * hostile bytes in random chunks between polls with random limits, closes the write end, and
 * polls until the decoder reports the end. Then every later poll must report the decoder closed.
 */
public final class PipeFuzzTarget implements FuzzTarget {
    private static final int[] MAX_LENGTHS = {0, 8, 100, 1024, 4096, 70_000, 300_000};
    private static final int MAX_BYTES = 700_000;

    @Override
    public String name() {
        return "pipe";
    }

    @Override
    public CaseResult run(SplittableRandom random, long deadlineNanos) {
        int maxLength = MAX_LENGTHS[random.nextInt(MAX_LENGTHS.length)];
        byte[] bytes = FrameBytes.stream(random, maxLength, Math.min(MAX_BYTES, 4 * (maxLength + 8) + 64));
        StreamOracle.Expected expected = StreamOracle.decode(bytes, maxLength);
        int[] fds = NativeIo.pipe();
        FdStream out = FdStream.nonBlocking(fds[1], "fuzz pipe (write end)");
        List<String> events = new ArrayList<>();
        try (FdStream in = FdStream.nonBlocking(fds[0], "fuzz pipe (read end)")) {
            FrameDecoder decoder = FrameDecoder.of(in, maxLength);
            ByteBuffer src = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            ByteBuffer[] srcs = {src};
            ChannelException end = null;
            while (end == null) {
                FuzzFailure.checkDeadline("pipe maxLength=" + maxLength, deadlineNanos,
                        src.remaining() + " bytes still to write, events so far " + events.size());
                if (src.hasRemaining()) {
                    int limit = src.limit();
                    src.limit(Math.min(limit, src.position() + StreamChunks.size(random)));
                    out.write(srcs, 0, 1);
                    src.limit(limit);
                }
                if (!src.hasRemaining()) {
                    // idempotent: the reader sees end of stream once everything is read
                    out.close();
                }
                try {
                    decoder.poll((type, buffer, offset, length) -> events.add(Frame.of(type, buffer, offset, length).toString()),
                            StreamChunks.limit(random));
                } catch (ChannelException e) {
                    end = e;
                }
            }
            events.add(StreamChunks.ending(end));
            try {
                decoder.poll((type, buffer, offset, length) -> events.add("delivered after the end"), 1);
                events.add("no exception after the end");
            } catch (ChannelClosedException e) {
                // documented: a failed or ended decoder reports itself closed on every later poll
            }
        } finally {
            out.close();
        }
        FuzzFailure.checkEvents("pipe maxLength=" + maxLength + " bytes=" + bytes.length, StreamChunks.events(expected), events);
        return new CaseResult(expected.spans().size(), expected.ending() == StreamOracle.Ending.MALFORMED ? 1 : 0, bytes.length);
    }

    @Override
    public void close() {
    }
}
