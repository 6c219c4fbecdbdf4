package io.ipcring.channel;

/**
 * A connected publisher and subscriber of one channel made by a {@link ChannelFixture}: what the
 * publisher offers, the subscriber polls. They may be one object (a pipe's parent side).
 *
 * @param publisher the sending side
 * @param subscriber the receiving side
 */
public record ChannelPair(Publisher publisher, Subscriber subscriber) implements AutoCloseable {
    /** Closes both sides (once when they are one object); closing a closed side again is allowed. */
    @Override
    public void close() {
        try {
            subscriber.close();
        } finally {
            if (publisher != subscriber) {
                publisher.close();
            }
        }
    }
}
