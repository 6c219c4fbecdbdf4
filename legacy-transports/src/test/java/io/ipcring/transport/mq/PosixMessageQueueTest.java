package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelException;
import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import io.ipcring.sync.os.StatLayout;
import io.ipcring.transport.NativeIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PosixMessageQueueTest {
    private final TestQueues queues = new TestQueues();

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void createsTheQueueWithTheAttributesAskedForAndMode0600() {
        String name = queues.posixName();
        try (PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + name + "?maxMessages=3&maxMessage=100")) {
            PosixMessageQueue queue = publisher.queue();
            assertTrue(queue.created());
            assertEquals(name, queue.name());
            assertEquals(3, queue.maxMessages());
            assertEquals(108, queue.messageSize());
            assertEquals(100, queue.maxPayloadLength());
            assertEquals(0600, mode(queue.descriptor()) & 0777);
            assertTrue(PosixMessageQueue.exists(name));
        }
    }

    @Test
    void aSecondEndpointAttachesAndUsesTheExistingQueuesAttributes() {
        String name = queues.posixName();
        try (PosixMqPublisher creator = PosixMqPublisher.open("mq:" + name + "?maxMessages=3&maxMessage=100");
             PosixMqSubscriber second = PosixMqSubscriber.open("mq:" + name + "?maxMessages=5&maxMessage=500")) {
            assertFalse(second.queue().created());
            assertEquals(3, second.queue().maxMessages());
            assertEquals(100, second.maxMessageLength());
            assertTrue(creator.queue().created());
        }
    }

    @Test
    void theQueueOutlivesItsEndpointsByDefault() {
        String name = queues.posixName();
        PosixMqPublisher.open("mq:" + name).close();
        assertTrue(PosixMessageQueue.exists(name));
        assertTrue(PosixMessageQueue.unlink(name));
        assertFalse(PosixMessageQueue.exists(name));
        assertFalse(PosixMessageQueue.unlink(name), "nothing left to unlink");
    }

    @Test
    void unlinkOnCloseUnlinksOnlyWhenThisEndpointCreatedTheQueue() {
        String name = queues.posixName();
        PosixMqPublisher creator = PosixMqPublisher.open("mq:" + name + "?unlinkOnClose=true");
        PosixMqSubscriber attached = PosixMqSubscriber.open("mq:" + name + "?unlinkOnClose=true");
        assertTrue(creator.queue().unlinksOnClose());
        assertFalse(attached.queue().unlinksOnClose());
        attached.close();
        assertTrue(PosixMessageQueue.exists(name), "the endpoint that did not create it leaves it");
        creator.close();
        assertFalse(PosixMessageQueue.exists(name), "the creator unlinked it");
        creator.close();
    }

    @Test
    void createFalseRefusesAMissingQueueClearly() {
        String name = queues.posixName();
        ChannelException e = assertThrows(ChannelException.class, () -> PosixMqSubscriber.open("mq:" + name + "?create=false"));
        assertTrue(e.getMessage().contains("ENOENT") && e.getMessage().contains("create=false"), e.getMessage());
        assertFalse(PosixMessageQueue.exists(name));
    }

    @Test
    void aQueueSizeBeyondTheKernelsHardLimitIsExplained() {
        String name = queues.posixName();
        ChannelException e = assertThrows(ChannelException.class,
                () -> PosixMqPublisher.open("mq:" + name + "?maxMessages=" + (PosixMqLimits.HARD_MSGMAX + 1)));
        assertTrue(e.getMessage().contains("EINVAL") && e.getMessage().contains("HARD_MSGMAX=65536"), e.getMessage());
        assertFalse(PosixMessageQueue.exists(name));
    }

    @Test
    void aQueueSizeBeyondMsgMaxIsExplainedWithTheSysctl() {
        assumeFalse(TestQueues.hasCapSysResource(), "CAP_SYS_RESOURCE may exceed msg_max");
        long msgMax = PosixMqLimits.read().msgMax();
        String name = queues.posixName();
        ChannelException e = assertThrows(ChannelException.class,
                () -> PosixMqPublisher.open("mq:" + name + "?maxMessages=" + (msgMax + 1)));
        assertTrue(e.getMessage().contains("maxMessages=" + (msgMax + 1) + " exceeds /proc/sys/fs/mqueue/msg_max=" + msgMax), e.getMessage());
        assertTrue(e.getMessage().contains("sysctl -w fs.mqueue.msg_max="), e.getMessage());
        assertFalse(PosixMessageQueue.exists(name));
    }

    @Test
    void aMessageSizeBeyondMsgsizeMaxIsExplainedWithTheSysctl() {
        assumeFalse(TestQueues.hasCapSysResource(), "CAP_SYS_RESOURCE may exceed msgsize_max");
        long msgsizeMax = PosixMqLimits.read().msgsizeMax();
        String name = queues.posixName();
        ChannelException e = assertThrows(ChannelException.class,
                () -> PosixMqSubscriber.open("mq:" + name + "?maxMessage=" + msgsizeMax));
        assertTrue(e.getMessage().contains("message size " + (msgsizeMax + 8)) && e.getMessage().contains(
                "exceeds /proc/sys/fs/mqueue/msgsize_max=" + msgsizeMax), e.getMessage());
        assertFalse(PosixMessageQueue.exists(name));
    }

    @Test
    void anExistingQueueTooSmallForAFrameHeaderIsRefused() {
        String name = queues.posixName();
        NativeBuffer attributes = NativeBuffer.allocate(MqAttr.LENGTH);
        attributes.buffer.putLong(MqAttr.MAX_MESSAGES_OFFSET, 1);
        attributes.buffer.putLong(MqAttr.MESSAGE_SIZE_OFFSET, 4);
        int fd = Os.CALLS.mq_open(name, NativeIo.O_WRONLY | QueueLibc.O_CREAT, 0600, attributes.address);
        assertTrue(fd >= 0, () -> "mq_open: " + Errno.describe(Os.CALLS.errno()));
        Os.CALLS.mq_close(fd);
        ChannelException e = assertThrows(ChannelException.class, () -> PosixMqSubscriber.open("mq:" + name));
        assertTrue(e.getMessage().contains("mq_msgsize=4"), e.getMessage());
        assertTrue(PosixMessageQueue.exists(name), "a queue we did not create is left alone");
    }

    @Test
    void countsTheMessagesWaitingAndRefusesUseAfterClose() {
        String name = queues.posixName();
        PosixMqPublisher publisher = PosixMqPublisher.open("mq:" + name);
        assertEquals(0, publisher.queue().currentMessages());
        assertTrue(publisher.offer(new byte[3], 0, 3, 1));
        assertTrue(publisher.offer(new byte[3], 0, 3, 1));
        assertEquals(2, publisher.queue().currentMessages());
        publisher.close();
        assertThrows(ChannelClosedException.class, () -> publisher.queue().currentMessages());
    }

    /** @return st_mode of the file a descriptor refers to (on Linux an mq descriptor is one) */
    private static int mode(int fd) {
        NativeBuffer stat = NativeBuffer.allocate(StatLayout.SIZE);
        assertEquals(0, Os.CALLS.fstat(fd, stat.address), () -> "fstat: " + Errno.describe(Os.CALLS.errno()));
        return stat.buffer.getInt(StatLayout.MODE_OFFSET);
    }

    @Test
    void invalidNamesAreRefusedBeforeAnySystemCall() {
        assertThrows(IllegalArgumentException.class, () -> PosixMessageQueue.unlink("no-slash"));
        assertThrows(IllegalArgumentException.class, () -> PosixMessageQueue.exists("/a/b"));
        assertThrows(IllegalArgumentException.class, () -> PosixMqPublisher.open("mq:/a/b"));
    }
}
