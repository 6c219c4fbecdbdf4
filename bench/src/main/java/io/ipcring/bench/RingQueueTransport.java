package io.ipcring.bench;

import java.util.List;

/**
 * {@code ring-queue}: ipcring's {@code RingQueue}, a {@link java.util.concurrent.BlockingQueue}
 * across processes, measured with {@code put}/{@code take}. It is not reached through channel
 * URIs, so it gets an adapter of its own once {@code io.ipcring.ring.RingQueue} exists; until then
 * it is reported as not available, saying whether the class is missing or only the adapter.
 */
final class RingQueueTransport implements Transport {
    static final String NAME = "ring-queue";
    static final String CLASS_NAME = "io.ipcring.ring.RingQueue";

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
        return Speed.MEMORY;
    }

    @Override
    public List<String> jvmFlags() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        try {
            Class.forName(CLASS_NAME, false, RingQueueTransport.class.getClassLoader());
            return CLASS_NAME + " exists but the bench has no put/take adapter for it yet";
        } catch (ClassNotFoundException e) {
            return CLASS_NAME + " is not on the class path";
        }
    }

    @Override
    public boolean parentOpensFirst() {
        return true;
    }

    @Override
    public Endpoint open(CaseContext context) throws TransportUnavailableException {
        throw new TransportUnavailableException(unavailableReason());
    }
}
