package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
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
        int id = Os.CALLS.msgget(queues.sysvKey(), QueueLibc.IPC_CREAT | QueueLibc.IPC_EXCL | 0600);
        assertTrue(id >= 0, () -> "msgget: " + Errno.describe(Os.CALLS.errno()));
        NativeBuffer message = NativeBuffer.allocate(8 + 100);
        message.buffer.putLong(0, 5);
        assertEquals(0, Os.CALLS.msgsnd(id, message.address, 30, QueueLibc.IPC_NOWAIT));
        assertEquals(0, Os.CALLS.msgsnd(id, message.address, 70, QueueLibc.IPC_NOWAIT));
        NativeBuffer status = NativeBuffer.allocate(MsqidDs.LENGTH);
        assertEquals(0, Os.CALLS.msgctl(id, QueueLibc.IPC_STAT, status.address));
        assertEquals(100, status.buffer.getLong(MsqidDs.CURRENT_BYTES_OFFSET));
        assertEquals(2, status.buffer.getLong(MsqidDs.MESSAGE_COUNT_OFFSET));
        assertEquals(ProcValues.read(SysVMqLimits.DIRECTORY.resolve("msgmnb")), status.buffer.getLong(MsqidDs.MAX_BYTES_OFFSET));
        assertEquals(ProcessHandle.current().pid(), status.buffer.getInt(MsqidDs.LAST_SENDER_PID_OFFSET));
        assertEquals(0, status.buffer.getInt(MsqidDs.LAST_RECEIVER_PID_OFFSET));
        assertEquals(0600, status.buffer.getInt(MsqidDs.MODE_OFFSET) & 0777);
    }
}
