package io.ipcring.ring.fanout;

import io.ipcring.ring.TestPaths;
import io.ipcring.ring.TestThreads;
import io.ipcring.sync.ChildJvm;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** RingQueue through the BlockingQueue contract across two processes: the peer is another JVM. */
class RingQueueCrossProcessContractTest extends BlockingQueueContract {
    private static ChildJvm child;
    private static ChildPeer peer;
    private final TestPaths paths = new TestPaths();

    @BeforeAll
    static void startPeer() throws IOException {
        child = ChildJvm.start(QueuePeerMain.class);
        peer = new ChildPeer(child);
    }

    @AfterAll
    static void stopPeer() throws Exception {
        child.close();
    }

    @Override
    protected BlockingQueue<String> newQueue() throws Exception {
        Path path = paths.next("rqx");
        RingQueue<String> queue = RingQueue.open(path, CAPACITY, 64, StringCodec.INSTANCE);
        peer.request("open " + path + " " + CAPACITY).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return queue;
    }

    @Override
    protected Peer peer() {
        return peer;
    }

    @Override
    protected void release() {
        ((RingQueue<String>) queue).close();
        paths.close();
    }

    /** Drives {@link QueuePeerMain} through its stdin and reads its replies from its output. */
    static final class ChildPeer implements Peer {
        private final ChildJvm child;
        private final Writer commands;
        private final AtomicInteger ids = new AtomicInteger();

        ChildPeer(ChildJvm child) {
            this.child = child;
            this.commands = new OutputStreamWriter(child.process().getOutputStream(), StandardCharsets.UTF_8);
        }

        Future<String> request(String command) {
            String id = "r" + ids.incrementAndGet();
            try {
                synchronized (commands) {
                    commands.write(id + " " + command + "\n");
                    commands.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException("peer JVM gone; output:\n" + child.output(), e);
            }
            return CompletableFuture.supplyAsync(() -> awaitReply(id), TestThreads.NEW_THREAD);
        }

        private String awaitReply(String id) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (System.nanoTime() < deadline) {
                for (String line : child.output().split("\n")) {
                    if (line.startsWith(id + " done ")) {
                        return line.substring(id.length() + " done ".length());
                    }
                    if (line.startsWith(id + " error ")) {
                        throw new IllegalStateException(line);
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("no reply to " + id + "; peer output:\n" + child.output());
        }

        @Override
        public Future<?> putLater(long delayMillis, String element) {
            return request("put " + delayMillis + " " + element);
        }

        @Override
        public Future<String> takeLater(long delayMillis) {
            return request("take " + delayMillis);
        }
    }
}
