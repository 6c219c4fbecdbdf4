package io.ipcring.transport.mq;

/** {@link QueueProcessContract} over POSIX message queues. */
class PosixMqProcessTest extends QueueProcessContract {
    @Override
    String newQueueUri() {
        return "mq:" + queues.posixName();
    }

    @Override
    boolean queueExists(String uri) {
        return PosixMessageQueue.exists(uri.substring("mq:".length()));
    }
}
