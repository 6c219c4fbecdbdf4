package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        attributes.pointer.putLong(MqAttr.MAX_MESSAGES_OFFSET, 3);
        attributes.pointer.putLong(MqAttr.MESSAGE_SIZE_OFFSET, 100);
        int fd = QueueLibc.LIBC.mq_open(name, QueueLibc.O_WRONLY | QueueLibc.O_CREAT | QueueLibc.O_EXCL, 0600, attributes.pointer);
        assertTrue(fd >= 0, () -> "mq_open: " + QueueLibc.describe(QueueLibc.errno()));
        try {
            NativeBuffer message = NativeBuffer.allocate(10);
            Timespec past = new Timespec();
            past.setPast();
            assertEquals(0, QueueLibc.LIBC.mq_timedsend(fd, message.pointer, 10, 0, past.pointer()));
            NativeBuffer read = NativeBuffer.allocate(MqAttr.LENGTH);
            assertEquals(0, QueueLibc.LIBC.mq_getattr(fd, read.pointer));
            assertEquals(0, read.pointer.getLong(MqAttr.FLAGS_OFFSET));
            assertEquals(3, read.pointer.getLong(MqAttr.MAX_MESSAGES_OFFSET));
            assertEquals(100, read.pointer.getLong(MqAttr.MESSAGE_SIZE_OFFSET));
            assertEquals(1, read.pointer.getLong(MqAttr.CURRENT_MESSAGES_OFFSET));
        } finally {
            QueueLibc.LIBC.mq_close(fd);
        }
    }
}
