package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.transport.internal.NativeIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MqAttrTest {
    private final TestQueues queues = new TestQueues();

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void offsetsMatchWhatTheKernelReadsAndReports() {
        String name = queues.posixName();
        NativeBuffer attributes = NativeBuffer.allocate(MqAttr.LENGTH);
        attributes.buffer.putLong(MqAttr.MAX_MESSAGES_OFFSET, 3);
        attributes.buffer.putLong(MqAttr.MESSAGE_SIZE_OFFSET, 100);
        int fd = Os.CALLS.mq_open(name, NativeIo.O_WRONLY | QueueLibc.O_CREAT | QueueLibc.O_EXCL, 0600, attributes.address);
        assertTrue(fd >= 0, () -> "mq_open: " + Errno.describe(Os.CALLS.errno()));
        try {
            NativeBuffer message = NativeBuffer.allocate(10);
            Timespec past = new Timespec();
            past.setPast();
            assertEquals(0, Os.CALLS.mq_timedsend(fd, message.address, 10, 0, past.address()));
            NativeBuffer read = NativeBuffer.allocate(MqAttr.LENGTH);
            assertEquals(0, Os.CALLS.mq_getattr(fd, read.address));
            assertEquals(0, read.buffer.getLong(MqAttr.FLAGS_OFFSET));
            assertEquals(3, read.buffer.getLong(MqAttr.MAX_MESSAGES_OFFSET));
            assertEquals(100, read.buffer.getLong(MqAttr.MESSAGE_SIZE_OFFSET));
            assertEquals(1, read.buffer.getLong(MqAttr.CURRENT_MESSAGES_OFFSET));
        } finally {
            Os.CALLS.mq_close(fd);
        }
    }
}
