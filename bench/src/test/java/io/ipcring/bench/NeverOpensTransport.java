package io.ipcring.bench;

import java.util.List;

/**
 * A transport that passes the availability check but can never open, for the harness's tests of
 * how a case reports "not available"; named on the command line as {@code class:} + class name.
 */
public class NeverOpensTransport implements Transport {
    /** The reason every open gives. */
    public static final String REASON = "this transport never opens (test)";

    private final boolean parentFirst;

    /** A transport both sides open at the same time. */
    public NeverOpensTransport() {
        this(false);
    }

    NeverOpensTransport(boolean parentFirst) {
        this.parentFirst = parentFirst;
    }

    @Override
    public String name() {
        return Transports.CLASS_PREFIX + getClass().getName();
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
        return null;
    }

    @Override
    public boolean parentOpensFirst() {
        return parentFirst;
    }

    @Override
    public Endpoint open(CaseContext context) throws TransportUnavailableException {
        throw new TransportUnavailableException(REASON);
    }

    /** The same, opened by the parent first. */
    public static final class ParentFirst extends NeverOpensTransport {
        /** Creates it. */
        public ParentFirst() {
            super(true);
        }
    }
}
