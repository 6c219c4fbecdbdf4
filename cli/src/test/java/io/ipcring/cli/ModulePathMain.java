package io.ipcring.cli;

import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import io.ipcring.sync.MappedMemory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link ModulePathTest}: run from the class path while ipcring's jars are named
 * modules on the module path, it prints what the modules export and sends one message through
 * each ring kind, a journal, a {@code RingQueue} and a legacy transport's provider lookup.
 */
public final class ModulePathMain {
    private ModulePathMain() {
    }

    /**
     * @param args the directory for the rings' files
     * @throws Exception if any step fails (the test reads the exit status and the output)
     */
    public static void main(String[] args) throws Exception {
        Path directory = Paths.get(args[0]);
        Module ring = Channels.class.getModule();
        Module sync = MappedMemory.class.getModule();
        System.out.println("channel module " + ring.getName());
        System.out.println("sync module " + sync.getName());
        System.out.println("ring.internal exported " + ring.isExported("io.ipcring.ring.internal"));
        System.out.println("sync.os exported " + sync.isExported("io.ipcring.sync.os"));
        System.out.println("schemes " + Channels.schemes().keySet().stream().sorted().toList());
        for (String kind : List.of("spsc", "mpsc", "workqueue", "journal")) {
            String uri = kind.equals("journal") ? "journal:" + directory.resolve(kind)
                    : "shm:" + directory.resolve(kind) + "?kind=" + kind;
            try (Subscriber subscriber = Channels.subscriber(uri); Publisher publisher = Channels.publisher(uri)) {
                boolean sent = publisher.offer(new byte[] {1, 2, 3}, 0, 3, 7);
                int[] received = new int[2];
                subscriber.poll((type, buffer, offset, length) -> {
                    received[0] = type;
                    received[1] = length;
                }, 1, 5, TimeUnit.SECONDS);
                System.out.println(kind + " sent " + sent + " received type " + received[0] + " length " + received[1]);
            }
        }
        try (RingQueue<String> queue = RingQueue.open(directory.resolve("queue"), 16, 64, StringCodec.INSTANCE)) {
            queue.put("through a named module");
            System.out.println("queue " + queue.take());
        }
    }
}
