package io.ipcring.bench;

import java.util.List;

/**
 * A mechanism the bench measures, registered by a fixed name in {@link Transports}. An
 * implementation opens the two {@link Endpoint}s of a case, one in each process.
 */
public interface Transport {
    /** How fast a transport is expected to be: picks the default message counts. */
    enum Speed {
        /** Shared memory: hundreds of nanoseconds per round trip. */
        MEMORY,
        /** A system call per message: microseconds to tens of microseconds. */
        KERNEL
    }

    /** @return the fixed name, e.g. {@code agrona-o2o} */
    String name();

    /**
     * @return how the case's loops wait: {@code busy-spin}, {@code blocking} (sleeping in the
     *         transport) or {@code backoff} (retrying between growing parks)
     */
    String mode();

    /** @return the expected speed class */
    Speed speed();

    /**
     * @return the JVM flags both processes of this transport's cases need (Agrona's, Chronicle's);
     *         the library's own transports need none
     */
    List<String> jvmFlags();

    /**
     * Tells, without opening anything, whether this transport can run here.
     *
     * @return null when it can as far as can be told before opening, else the reason it cannot
     */
    String unavailableReason();

    /**
     * Whether the parent opens (and creates) first and the child opens only after it; false when
     * both open at once, for transports whose open waits for the other side (a FIFO).
     *
     * @return true for parent-first
     */
    boolean parentOpensFirst();

    /**
     * Whether the parent talks to the child over the child's stdin and stdout (pipe); otherwise
     * the child's stdout goes to its log.
     *
     * @return true for a transport over the child's standard streams
     */
    default boolean usesChildStdio() {
        return false;
    }

    /**
     * Parent side, before the child starts: settles what both sides must agree on (names, ports)
     * and writes it into the case's directory for {@link #open} to read.
     *
     * @param spec the case
     * @throws Exception when it cannot
     */
    default void prepare(CaseSpec spec) throws Exception {
    }

    /**
     * Opens one side's endpoint.
     *
     * @param context the case and the side
     * @return the endpoint
     * @throws TransportUnavailableException when it turns out this transport cannot run here
     * @throws Exception                     any other failure fails the case
     */
    Endpoint open(CaseContext context) throws Exception;

    /**
     * Removes objects a case of this transport may have left outside the case's directory
     * (message queues, files named by the transport). Called by the parent after every case, even
     * a failed one; must not throw.
     *
     * @param spec the case
     */
    default void removeLeftovers(CaseSpec spec) {
    }

    /**
     * What this transport sizes by the run's ring capacity ({@link CaseSpec#capacity()},
     * {@code --capacity}), for {@code --list} and the help; null when it has no such knob, and its
     * results then carry no capacity.
     *
     * @return e.g. "ring data bytes", or null
     */
    default String capacityUse() {
        return null;
    }
}
