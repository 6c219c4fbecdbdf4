package io.ipcring.ring.fanout;

import io.ipcring.ring.TestPaths;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;

/** RingQueue through the BlockingQueue contract in one process; the peer is a second queue on the same file. */
class RingQueueContractTest extends BlockingQueueContract {
    private final TestPaths paths = new TestPaths();
    private Path path;
    private RingQueue<String> other;

    @Override
    protected BlockingQueue<String> newQueue() {
        path = paths.next("rq");
        return RingQueue.open(path, CAPACITY, 64, StringCodec.INSTANCE);
    }

    @Override
    protected Peer peer() {
        if (other == null) {
            other = RingQueue.open(path, CAPACITY, 64, StringCodec.INSTANCE);
        }
        return new ThreadPeer(other);
    }

    @Override
    protected void release() {
        ((RingQueue<String>) queue).close();
        if (other != null) {
            other.close();
        }
        paths.close();
    }
}
