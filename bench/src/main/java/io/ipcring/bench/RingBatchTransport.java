package io.ipcring.bench;

import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingProducer;
import java.util.List;
import java.util.Objects;

/**
 * An SPSC ring ({@code shm:} URIs, as {@code shm-spsc}) whose throughput stream is sent in
 * batches through {@link RingProducer#tryClaimBatch}/{@link RingProducer#commitBatch}, busy
 * spinning: {@code shm-spsc-batch}. Names, opening and clean-up are {@link ChannelTransport}'s
 * for the same URI template; only the endpoint's loops differ ({@link RingBatchEndpoint}).
 */
public final class RingBatchTransport implements Transport {
    private final String name;
    private final int batch;
    private final ChannelTransport channels;

    /**
     * @param name     the transport's name
     * @param batch    messages per batch of the throughput stream
     * @param template the {@code shm:} URI template of an SPSC ring, as {@link ChannelTransport} takes it
     */
    public RingBatchTransport(String name, int batch, String template) {
        this.name = Objects.requireNonNull(name, "name");
        if (batch < 1) {
            throw new IllegalArgumentException("batch=" + batch + " must be positive");
        }
        this.batch = batch;
        this.channels = new ChannelTransport(name, "busy-spin", Speed.MEMORY, template);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String mode() {
        return "busy-spin";
    }

    @Override
    public Speed speed() {
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        return channels.unavailableReason();
    }

    @Override
    public String capacityUse() {
        return channels.capacityUse();
    }

    @Override
    public boolean parentOpensFirst() {
        return false;
    }

    @Override
    public void prepare(CaseSpec spec) throws Exception {
        channels.prepare(spec);
    }

    /**
     * Opens the two rings as {@link ChannelTransport} does; the publisher must be a
     * {@link RingProducer}.
     *
     * @throws TransportUnavailableException when the URI's provider gives a publisher without the batch calls
     */
    @Override
    public Endpoint open(CaseContext context) throws Exception {
        List<String> uris = ChannelTransport.uris(context.spec());
        boolean parent = context.side() == Side.PARENT;
        Publisher publisher = null;
        Subscriber subscriber = null;
        try {
            if (parent) {
                publisher = ChannelTransport.openRetrying(() -> Channels.publisher(uris.get(0)));
                subscriber = ChannelTransport.openRetrying(() -> Channels.subscriber(uris.get(1)));
            } else {
                subscriber = ChannelTransport.openRetrying(() -> Channels.subscriber(uris.get(0)));
                publisher = ChannelTransport.openRetrying(() -> Channels.publisher(uris.get(1)));
            }
            if (!(publisher instanceof RingProducer)) {
                throw new TransportUnavailableException(name + ": the publisher of " + publisher.uri() + " is a "
                        + publisher.getClass().getName() + ", not a RingProducer with batch calls");
            }
            return new RingBatchEndpoint(name, (RingProducer) publisher, subscriber, context.spec().size(), batch);
        } catch (Exception | Error e) {
            if (publisher != null) {
                publisher.close();
            }
            if (subscriber != null) {
                subscriber.close();
            }
            throw e;
        }
    }

    @Override
    public void removeLeftovers(CaseSpec spec) {
        channels.removeLeftovers(spec);
    }
}
