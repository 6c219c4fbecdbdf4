package io.ipcring.transport.pipe;

import io.ipcring.channel.ChannelCapabilities;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.ChannelFixture;
import io.ipcring.channel.ChannelPair;
import io.ipcring.channel.PeerClose;
import io.ipcring.channel.Publisher;
import io.ipcring.sync.os.ChildJvmFlags;
import io.ipcring.transport.StreamOptions;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link ChannelContract} over pipes: the parent's side is a {@link PipeProcess} (publisher and
 * subscriber in one), its child a {@link PipeRelay} JVM that opens {@code pipe:stdio} both ways
 * through {@link io.ipcring.channel.Channels} and sends everything back. A message goes through two
 * pipes and the child. The parent's peer is the child, so "the other side closes" is the child
 * closing its pipes and exiting, which it does on a {@link PipeRelay#STOP} message after relaying
 * everything sent before it: the parent then reads what was relayed and gets
 * {@link io.ipcring.channel.ChannelClosedException}, and its offers get it at once (EPIPE).
 */
class PipeChannelContractTest extends ChannelContract {
    private static final int MAX_MESSAGE = 100_000;   // more than a pipe holds: large frames are written in pieces
    private static final String URI = "pipe:stdio?maxMessage=" + MAX_MESSAGE;

    @Override
    protected ChannelFixture newFixture() {
        return new PipeFixture();
    }

    /** Starts one relay child per {@link #connect()} and ends it by {@link #close()}. */
    private static final class PipeFixture implements ChannelFixture {
        private final List<PipeProcess> children = new ArrayList<>();

        @Override
        public ChannelCapabilities capabilities() {
            return new ChannelCapabilities(MAX_MESSAGE, "the child's stdin pipe (64 KiB) is full while the child waits"
                    + " for room in its stdout pipe (64 KiB), which the parent does not read",
                    PeerClose.CLOSED_EXCEPTION, PeerClose.CLOSED_EXCEPTION);
        }

        @Override
        public ChannelPair connect() {
            List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(ChildJvmFlags.forIpcring());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), PipeRelay.class.getName(),
                    Integer.toString(MAX_MESSAGE)));
            PipeProcess child = PipeProcess.start(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT),
                    StreamOptions.defaults().withMaxMessage(MAX_MESSAGE));
            children.add(child);
            return new ChannelPair(child, child);
        }

        @Override
        public Publisher reopenPublisher() {
            throw new UnsupportedOperationException("a pipe's publisher is gone with its child (PeerClose.CLOSED_EXCEPTION)");
        }

        @Override
        public void closePublisherSide(ChannelPair pair) {
            stopChild(pair);
        }

        @Override
        public void closeSubscriberSide(ChannelPair pair) {
            stopChild(pair);
        }

        private static void stopChild(ChannelPair pair) {
            try {
                if (!pair.publisher().offer(new byte[0], 0, 0, PipeRelay.STOP)
                        || !((PipeProcess) pair.publisher()).process().waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the relay child did not stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public String publisherUri() {
            return URI;
        }

        @Override
        public String subscriberUri() {
            return URI;
        }

        @Override
        public Set<String> publisherParameters() {
            return Set.of(StreamOptions.MAX_MESSAGE, StreamOptions.WRITE_TIMEOUT);
        }

        @Override
        public Set<String> subscriberParameters() {
            return publisherParameters();
        }

        @Override
        public Map<String, String> badUris() {
            return Map.of(
                    "pipe:/tmp/orders",
                    "a pipe URI can only open 'pipe:stdio' (the child's side); the parent starts the child with PipeProcess.start",
                    "pipe:stdio?maxMessage=1g", "maxMessage=1073741824 must be in [0, 67108864]",
                    "pipe:stdio?writeTimeout=0", "writeTimeout=0 must be positive");
        }

        /** Closes every child's pipes, which ends it (killed if it has not exited after a grace period). */
        @Override
        public void close() {
            for (PipeProcess child : children) {
                child.close();
            }
        }
    }
}
