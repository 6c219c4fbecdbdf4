package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Os;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysVMessageQueueTest {
    private final TestQueues queues = new TestQueues();

    @TempDir
    Path dir;

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    private String uri(int key, String parameters) {
        return "sysvmq:" + TestQueues.hex(key) + parameters;
    }

    @Test
    void createsTheQueueWithMode0600AndReportsItsState() {
        int key = queues.sysvKey();
        long msgmnb = ProcValues.read(SysVMqLimits.DIRECTORY.resolve("msgmnb"));
        long msgmax = SysVMqLimits.read().msgmax();
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri(key, ""))) {
            SysVMessageQueue queue = publisher.queue();
            assertTrue(queue.created());
            assertEquals(key, queue.key());
            assertTrue(SysVMessageQueue.exists(key));
            assertEquals(Math.min(msgmax, msgmnb) - 8, queue.maxPayloadLength());
            NativeBuffer raw = NativeBuffer.allocate(MsqidDs.LENGTH);
            assertEquals(0, Os.CALLS.msgctl(queue.id(), QueueLibc.IPC_STAT, raw.address));
            assertEquals(0600, raw.buffer.getInt(MsqidDs.MODE_OFFSET) & 0777);
            assertEquals(new SysVQueueStatus(0, 0, msgmnb, 0, 0), queue.status());
            assertTrue(publisher.offer(new byte[10], 0, 10, 1));
            assertTrue(publisher.offer(new byte[10], 0, 10, 2));
            assertEquals(new SysVQueueStatus(36, 2, msgmnb, (int) ProcessHandle.current().pid(), 0), queue.status(),
                    "two messages of 8-byte header + 10 bytes");
        }
    }

    @Test
    void aSecondEndpointAttachesToTheSameQueue() {
        int key = queues.sysvKey();
        try (SysVMqPublisher creator = SysVMqPublisher.open(uri(key, "")); SysVMqSubscriber second = SysVMqSubscriber.open(uri(key, ""))) {
            assertFalse(second.queue().created());
            assertEquals(creator.queue().id(), second.queue().id());
        }
    }

    @Test
    void theQueueOutlivesItsEndpointsByDefault() {
        int key = queues.sysvKey();
        SysVMqPublisher.open(uri(key, "")).close();
        assertTrue(SysVMessageQueue.exists(key));
        assertTrue(SysVMessageQueue.remove(key));
        assertFalse(SysVMessageQueue.exists(key));
        assertFalse(SysVMessageQueue.remove(key), "nothing left to remove");
    }

    @Test
    void removeOnCloseRemovesOnlyWhenThisEndpointCreatedTheQueue() {
        int key = queues.sysvKey();
        SysVMqPublisher creator = SysVMqPublisher.open(uri(key, "?removeOnClose=true"));
        SysVMqSubscriber attached = SysVMqSubscriber.open(uri(key, "?removeOnClose=true"));
        assertTrue(creator.queue().removesOnClose());
        assertFalse(attached.queue().removesOnClose());
        attached.close();
        assertTrue(SysVMessageQueue.exists(key));
        creator.close();
        assertFalse(SysVMessageQueue.exists(key));
        creator.close();
    }

    @Test
    void createFalseRefusesAMissingQueueClearly() {
        int key = queues.sysvKey();
        ChannelException e = assertThrows(ChannelException.class, () -> SysVMqSubscriber.open(uri(key, "?create=false")));
        assertTrue(e.getMessage().contains("ENOENT") && e.getMessage().contains("create=false")
                && e.getMessage().contains(TestQueues.hex(key)), e.getMessage());
    }

    @Test
    void queueBytesSetsTheCreatedQueuesByteLimitAndThusTheLargestPayload() {
        int key = queues.sysvKey();
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri(key, "?queueBytes=1000"))) {
            assertEquals(1000, publisher.queue().status().maxBytes());
            assertEquals(992, publisher.maxMessageLength());
        }
    }

    @Test
    void queueBytesAboveMsgmnbIsExplainedAndLeavesNoQueue() {
        assumeFalse(TestQueues.hasCapSysResource(), "CAP_SYS_RESOURCE may exceed msgmnb");
        int key = queues.sysvKey();
        long msgmnb = ProcValues.read(SysVMqLimits.DIRECTORY.resolve("msgmnb"));
        ChannelException e = assertThrows(ChannelException.class, () -> SysVMqPublisher.open(uri(key, "?queueBytes=" + (msgmnb + 1))));
        assertTrue(e.getMessage().contains("EPERM") && e.getMessage().contains("queueBytes=" + (msgmnb + 1)
                + " exceeds /proc/sys/kernel/msgmnb=" + msgmnb) && e.getMessage().contains("sysctl -w kernel.msgmnb="), e.getMessage());
        assertFalse(SysVMessageQueue.exists(key), "the queue created for the attempt was removed");
    }

    @Test
    void maxMessageAboveMsgmaxIsExplainedAndLeavesNoQueue() {
        int key = queues.sysvKey();
        long msgmax = SysVMqLimits.read().msgmax();
        ChannelException e = assertThrows(ChannelException.class, () -> SysVMqSubscriber.open(uri(key, "?maxMessage=" + msgmax)));
        assertTrue(e.getMessage().contains("maxMessage=" + msgmax + " is too large") && e.getMessage().contains(
                "/proc/sys/kernel/msgmax=" + msgmax) && e.getMessage().contains("sysctl -w kernel.msgmax=" + (msgmax + 8)), e.getMessage());
        assertFalse(SysVMessageQueue.exists(key));
    }

    @Test
    void maxMessageAboveTheQueuesByteLimitIsExplained() {
        int key = queues.sysvKey();
        ChannelException e = assertThrows(ChannelException.class, () -> SysVMqSubscriber.open(uri(key, "?queueBytes=1000&maxMessage=2000")));
        assertTrue(e.getMessage().contains("msg_qbytes=1000") && e.getMessage().contains("queueBytes="), e.getMessage());
        assertFalse(SysVMessageQueue.exists(key));
    }

    @Test
    void aPathKeyIsFtoksProjectDeviceAndInode() throws Exception {
        long device = ((Number) Files.getAttribute(dir, "unix:dev")).longValue();
        long inode = ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
        int expected = (7 << 24) | (int) ((device & 0xff) << 16) | (int) (inode & 0xffff);
        assertEquals(expected, SysVMessageQueue.key(dir, 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SysVMessageQueue.key(dir.resolve("absent"), 1));
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SysVMessageQueue.key(dir, 0));
    }

    @Test
    void removingTheQueueClosesEveryEndpoint() {
        int key = queues.sysvKey();
        try (SysVMqPublisher publisher = SysVMqPublisher.open(uri(key, "")); SysVMqSubscriber subscriber = SysVMqSubscriber.open(uri(key, ""))) {
            assertTrue(SysVMessageQueue.remove(key));
            ChannelClosedException send = assertThrows(ChannelClosedException.class, () -> publisher.offer(new byte[1], 0, 1, 1));
            assertTrue(send.getMessage().contains("the queue was removed"), send.getMessage());
            assertThrows(ChannelClosedException.class, () -> subscriber.poll((type, buffer, offset, length) -> { }, 1));
            assertThrows(ChannelClosedException.class, () -> subscriber.queue().status());
        }
    }

    @Test
    void aClosedEndpointRefusesUse() {
        SysVMqPublisher publisher = SysVMqPublisher.open(uri(queues.sysvKey(), ""));
        publisher.close();
        assertThrows(ChannelClosedException.class, () -> publisher.queue().status());
        assertThrows(ChannelClosedException.class, () -> publisher.offer(new byte[1], 0, 1, 1));
    }
}
