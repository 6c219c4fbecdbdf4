package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MsqidDsTest {
    private final TestQueues queues = new TestQueues();

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void offsetsMatchWhatTheKernelReports() {
        int id = QueueLibc.LIBC.msgget(queues.sysvKey(), QueueLibc.IPC_CREAT | QueueLibc.IPC_EXCL | 0600);
        assertTrue(id >= 0, () -> "msgget: " + QueueLibc.describe(QueueLibc.errno()));
        NativeBuffer message = NativeBuffer.allocate(8 + 100);
        message.pointer.putLong(0, 5);
        assertEquals(0, QueueLibc.LIBC.msgsnd(id, message.pointer, 30, QueueLibc.IPC_NOWAIT));
        assertEquals(0, QueueLibc.LIBC.msgsnd(id, message.pointer, 70, QueueLibc.IPC_NOWAIT));
        NativeBuffer status = NativeBuffer.allocate(MsqidDs.LENGTH);
        assertEquals(0, QueueLibc.LIBC.msgctl(id, QueueLibc.IPC_STAT, status.pointer));
        assertEquals(100, status.pointer.getLong(MsqidDs.CURRENT_BYTES_OFFSET));
        assertEquals(2, status.pointer.getLong(MsqidDs.MESSAGE_COUNT_OFFSET));
        assertEquals(ProcValues.read(SysVMqLimits.DIRECTORY.resolve("msgmnb")), status.pointer.getLong(MsqidDs.MAX_BYTES_OFFSET));
        assertEquals(ProcessHandle.current().pid(), status.pointer.getInt(MsqidDs.LAST_SENDER_PID_OFFSET));
        assertEquals(0, status.pointer.getInt(MsqidDs.LAST_RECEIVER_PID_OFFSET));
        assertEquals(0600, status.pointer.getInt(MsqidDs.MODE_OFFSET) & 0777);
    }
}
