package io.ipcring.bench;

import org.HdrHistogram.Histogram;

/**
 * One process's end of a transport under test. Every implementation writes its own four loops so
 * each hot loop calls its library directly (no per-message virtual call through the harness) and
 * is as tight as the library allows; the harness calls a loop once per phase, or once per progress
 * chunk.
 *
 * <p>Every message carries its sequence number in its first 8 bytes (little-endian), and every
 * loop checks the sequence it receives, so a transport that loses, repeats or reorders a message
 * fails the case rather than producing a figure.
 */
public abstract class Endpoint implements AutoCloseable {
    /**
     * The most messages a receiving loop takes from its transport per poll, the same for every
     * transport that polls in batches.
     */
    protected static final int BATCH_LIMIT = 1024;

    /**
     * @param count    messages the loop receives in all
     * @param received messages it has received so far
     * @return how many to ask the transport for now: a batch, never past {@code count}, so a
     *         loop never takes a message that belongs to the next stream
     */
    protected static int batch(long count, long received) {
        return (int) Math.min(BATCH_LIMIT, count - received);
    }

    /**
     * Parent side: {@code count} round trips; each sends a message of the case's size and waits
     * for its echo; the time from before the send to after the echo is recorded.
     *
     * @param firstSequence sequence number of the first message
     * @param count         round trips
     * @param histogram     receives each round-trip time in nanoseconds
     */
    public abstract void pingPong(long firstSequence, int count, Histogram histogram);

    /**
     * Child side: receives {@code count} messages and sends each straight back.
     *
     * @param count round trips to answer (warm-up and measured)
     */
    public abstract void echo(int count);

    /**
     * Parent side: sends {@code count} messages as fast as the transport takes them, numbered
     * from {@code firstSequence} (a stream may be sent in several calls, for progress reports).
     *
     * @param firstSequence the number of the first message
     * @param count         messages
     */
    public abstract void send(long firstSequence, long count);

    /**
     * Child side: receives {@code count} messages and checks they are numbered 0, 1, ...
     *
     * @param count messages
     * @return nanoseconds from when the first message was seen to when the last was
     */
    public abstract long receive(long count);

    /** Releases what this side opened; the parent's side also removes what it created. */
    @Override
    public abstract void close();

    /**
     * @param transport the transport's name
     * @param expected  the sequence number due
     * @param actual    the one received
     * @return the exception a loop throws on a sequence mismatch
     */
    protected static IllegalStateException outOfSequence(String transport, long expected, long actual) {
        return new IllegalStateException(transport + ": received sequence " + actual + ", expected " + expected
                + " (lost, repeated, reordered or corrupted message)");
    }
}
