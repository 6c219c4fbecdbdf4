package io.ipcring.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every transport the bench knows, by its fixed name, in the order a full run measures them:
 * each ipcring ring right beside the peer it is compared with, then the blocking variants, then
 * the legacy transports. A name whose transport is not built yet stays listed and reports why it
 * is not available.
 */
public final class Transports {
    /** {@code {capacity}}: the case's ring capacity in bytes ({@code --capacity}). */
    private static final String RING = "shm:/{tag}-{channel}?kind=%s&capacity={capacity}&wait=%s";
    /** The fan-out rings take no wait parameter: the bench's busy-spin loops poll them without waiting. */
    private static final String FANOUT = "shm:/{tag}-{channel}?capacity={capacity}&kind=";
    private static final Map<String, Transport> ALL = build();
    /** Prefix of a transport named by its implementation class. */
    public static final String CLASS_PREFIX = "class:";

    private Transports() {
    }

    private static Map<String, Transport> build() {
        List<Transport> list = List.of(
                new SpinBaselineTransport(),
                new ChannelTransport("shm-spsc", "busy-spin", Transport.Speed.MEMORY, String.format(RING, "spsc", "spin")),
                new RingBatchTransport("shm-spsc-batch", 64, String.format(RING, "spsc", "spin")),
                AgronaTransport.oneToOne(),
                new ChannelTransport("shm-mpsc", "busy-spin", Transport.Speed.MEMORY, String.format(RING, "mpsc", "spin")),
                AgronaTransport.manyToOne(),
                new AeronTransport(),
                new JournalTransport("journal", false),
                new ChronicleTransport(),
                new ChannelTransport("shm-spsc-blocking", "blocking", Transport.Speed.MEMORY, String.format(RING, "spsc", "block")),
                new JournalTransport("journal-blocking", true),
                new ChannelTransport("shm-broadcast", "busy-spin", Transport.Speed.MEMORY, FANOUT + "broadcast&subscriber=bench"),
                new ChannelTransport("shm-workqueue", "busy-spin", Transport.Speed.MEMORY, FANOUT + "workqueue"),
                new RingQueueTransport(),
                new PipeTransport(),
                new ChannelTransport("fifo", "blocking", Transport.Speed.KERNEL, "fifo:{dir}/{channel}"),
                new ChannelTransport("posix-mq", "blocking", Transport.Speed.KERNEL, "mq:/{tag}-{channel}"),
                new ChannelTransport("sysv-mq", "backoff", Transport.Speed.KERNEL, "sysvmq:0x{key}"),
                new ChannelTransport("unix", "blocking", Transport.Speed.KERNEL, "unix:{dir}/{channel}.sock"),
                new ChannelTransport("tcp", "blocking", Transport.Speed.KERNEL, "tcp://127.0.0.1:{port}"));
        Map<String, Transport> map = new LinkedHashMap<>();
        for (Transport t : list) {
            if (map.put(t.name(), t) != null) {
                throw new ExceptionInInitializerError("transport name repeats: " + t.name());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** @return every name, in run order */
    public static List<String> names() {
        return new ArrayList<>(ALL.keySet());
    }

    /**
     * Finds a transport by name. Besides the fixed names, {@code class:com.acme.MyTransport}
     * names a {@link Transport} implementation of the user's own on the class path (public, with a
     * public no-argument constructor), so a custom adapter runs in the same harness.
     *
     * @param name a transport name, or {@code class:} and a class name
     * @return the transport
     * @throws IllegalArgumentException naming the known ones when there is none by that name
     */
    public static Transport get(String name) {
        if (name.startsWith(CLASS_PREFIX)) {
            return instantiate(name.substring(CLASS_PREFIX.length()));
        }
        Transport t = ALL.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown transport '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
        }
        return t;
    }

    private static Transport instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Transports.class.getClassLoader());
            if (!Transport.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(className + " does not implement " + Transport.class.getName());
            }
            return (Transport) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create transport " + className + ": " + e, e);
        }
    }
}
