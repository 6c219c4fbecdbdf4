package io.ipcring.ring.fanout;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The reference: the JDK's ArrayBlockingQueue passes the same contract RingQueue must. */
class ArrayBlockingQueueContractTest extends BlockingQueueContract {
    @Override
    protected BlockingQueue<String> newQueue() {
        return new ArrayBlockingQueue<>(CAPACITY);
    }

    @Override
    protected Peer peer() {
        return new ThreadPeer(queue);
    }

    @Override
    protected void release() {
        // nothing outside the heap
    }
}
