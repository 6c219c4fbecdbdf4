package io.ipcring.bench;

import io.ipcring.ring.Channels;
import java.util.List;

/**
 * {@code pipe}: the parent talks to the child over the child's stdin and stdout, the anonymous
 * pipes the OS gives it; the child side opens {@code pipe:stdio} through {@link Channels}. The
 * harness already starts every case's child with its stdin and stdout as pipes held by the parent
 * (see {@link CaseContext#child()}) and keeps the child's own output off stdout for this reason.
 *
 * <p>Not available yet: the parent side needs a {@code Publisher}/{@code Subscriber} over a
 * spawned {@link Process}'s streams, an API of the legacy-transports module that is not on this
 * branch. Once it exists, {@link #open} returns a {@link ChannelTransport}-style endpoint over it
 * on the parent and {@code pipe:stdio} on the child.
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
        return "the bench has no parent-side adapter yet for a pipe to a spawned child's stdin/stdout";
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
        throw new TransportUnavailableException(unavailableReason());
    }
}
