package io.ipcring.stress.fuzz;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.channel.MalformedFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** What the stream targets share: random write chunks and poll limits, and event names. */
final class StreamChunks {
    /** The event of a malformed frame. */
    static final String MALFORMED = "malformed";
    /** The event of a clean end of stream. */
    static final String CLOSED = "closed";

    private static final int[] CHUNKS = {1, 3, 8, 100, 4096, 65_536, 1 << 20};

    private StreamChunks() {
    }

    /** @param random the case's source @return how many bytes to write next */
    static int size(SplittableRandom random) {
        return 1 + random.nextInt(CHUNKS[random.nextInt(CHUNKS.length)]);
    }

    /** @param random the case's source @return the next poll's limit */
    static int limit(SplittableRandom random) {
        return random.nextInt(4) == 0 ? 1000 : 1 + random.nextInt(3);
    }

    /**
     * @param end what the receiver reported at the end
     * @return its event: {@link #MALFORMED}, {@link #CLOSED}, or the unexpected exception
     */
    static String ending(ChannelException end) {
        if (end instanceof MalformedFrameException) {
            return MALFORMED;
        }
        if (end instanceof ChannelClosedException) {
            return CLOSED;
        }
        return "unexpected " + end;
    }

    /** @param expected the oracle's verdict @return the events a stream receiver must give */
    static List<String> events(StreamOracle.Expected expected) {
        List<String> events = new ArrayList<>();
        for (Frame frame : expected.frames()) {
            events.add(frame.toString());
        }
        events.add(expected.ending() == StreamOracle.Ending.MALFORMED ? MALFORMED : CLOSED);
        return events;
    }
}
