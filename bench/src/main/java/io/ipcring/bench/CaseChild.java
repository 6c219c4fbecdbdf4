package io.ipcring.bench;

import java.util.concurrent.TimeUnit;

/**
 * The child process of one case (main class), started by {@link CaseParent}: answers the floor
 * probe, opens its endpoint, echoes the round trips, receives and counts the throughput messages
 * and writes what it counted into the control region. It halts when its parent goes away. It
 * writes nothing on stdout, which a transport may use (pipe).
 */
public final class CaseChild {
    private static final long SETUP_TIMEOUT_SECONDS = 120;

    private CaseChild() {
    }

    /**
     * Runs the child's side of one case; exits 0 when done or aborted by the parent,
     * {@link CaseParent#EXIT_UNAVAILABLE} when the transport cannot run here, 1 on failure.
     *
     * @param args the case, as {@link CaseSpec#toArgs()} wrote it
     */
    public static void main(String[] args) {
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
        int code;
        try {
            run(CaseSpec.parse(args));
            code = 0;
        } catch (CaseAbortedException e) {
            code = 0;
        } catch (TransportUnavailableException e) {
            System.err.println(CaseParent.UNAVAILABLE_PREFIX + e.getMessage());
            code = CaseParent.EXIT_UNAVAILABLE;
        } catch (Exception | Error e) {
            e.printStackTrace();
            code = 1;
        }
        System.err.flush();
        System.exit(code);
    }

    private static void run(CaseSpec spec) throws Exception {
        Transport transport = Transports.get(spec.transport());
        try (ControlBlock control = ControlBlock.open(spec.workDir().resolve("control"))) {
            control.reach(Step.STARTED);
            new SpinMailbox(control.memory(), ControlLayout.PROBE_PONG_OFFSET, ControlLayout.PROBE_PING_OFFSET, 0, 0, 0)
                    .echo(0, 2 * spec.probeRoundTrips());
            if (transport.parentOpensFirst()) {
                control.await(Step.OPENED, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            try (Endpoint endpoint = transport.open(new CaseContext(spec, Side.CHILD, null, null))) {
                control.reach(Step.OPENED);
                endpoint.echo(spec.warmup() + spec.roundTrips());
                endpoint.receive(spec.throughputWarmup());
                control.reach(Step.WARMED);
                long elapsed = endpoint.receive(spec.messages());
                control.putThroughput(spec.messages(), elapsed);
                control.reach(Step.RECEIVED);
            }
            control.reach(Step.CLOSED);
            // exit only once the parent expects it (its watchdog fails a case whose child exits early)
            control.await(Step.CLOSED, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
