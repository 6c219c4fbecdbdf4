package io.ipcring.transport.mq;

/** {@link QueueProcessContract} over System V message queues. */
class SysVMqProcessTest extends QueueProcessContract {
    @Override
    String newQueueUri() {
        return "sysvmq:" + TestQueues.hex(queues.sysvKey());
    }

    @Override
    boolean queueExists(String uri) {
        return SysVMessageQueue.exists(Integer.parseUnsignedInt(uri.substring("sysvmq:0x".length()), 16));
    }
}
