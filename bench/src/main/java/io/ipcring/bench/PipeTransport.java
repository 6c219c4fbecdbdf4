package io.ipcring.bench;

import io.ipcring.channel.Channels;
import java.util.List;

/**
 * {@code pipe}: the parent talks to the child over the child's stdin and stdout, the anonymous
 * pipes the OS gives it. The harness starts the case's child with
 * {@link io.ipcring.transport.pipe.PipeProcess} when {@link #usesChildStdio()} says so (see
 * {@link CaseContext#pipe()}); the child side opens {@code pipe:stdio} through {@link Channels}.
 */
final class PipeTransport implements Transport {
    static final String NAME = "pipe";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String mode() {
        return "blocking";
    }

    @Override
    public Speed speed() {
        return Speed.KERNEL;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        if (!Channels.schemes().containsKey("pipe")) {
            return "no transport for scheme 'pipe' on the class path (available: " + Channels.schemes().keySet() + ")";
        }
        return null;
    }

    @Override
    public boolean usesChildStdio() {
        return true;
    }

    @Override
    public boolean parentOpensFirst() {
        return false;
    }

    @Override
    public Endpoint open(CaseContext context) throws TransportUnavailableException {
        String reason = unavailableReason();
        if (reason != null) {
            throw new TransportUnavailableException(reason);
        }
        int size = context.spec().size();
        if (context.side() == Side.PARENT) {
            return new ChannelEndpoint(NAME, context.pipe(), context.pipe(), size, true);
        }
        return new ChannelEndpoint(NAME, Channels.publisher("pipe:stdio"), Channels.subscriber("pipe:stdio"), size, true);
    }
}
