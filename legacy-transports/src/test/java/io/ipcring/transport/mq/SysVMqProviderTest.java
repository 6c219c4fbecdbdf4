package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SysVMqProviderTest {
    private final TestQueues queues = new TestQueues();

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void isRegisteredForTheSysvmqScheme() {
        assertEquals(Set.of("sysvmq"), new SysVMqProvider().schemes());
        assertEquals(SysVMqProvider.class.getName(), Channels.schemes().get("sysvmq"));
    }

    @Test
    void channelsOpensSystemVQueueEndpointsThatShareOneUri() {
        String uri = "sysvmq:" + TestQueues.hex(queues.sysvKey()) + "?type=3";
        try (Publisher publisher = Channels.publisher(uri); Subscriber subscriber = Channels.subscriber(uri)) {
            assertInstanceOf(SysVMqPublisher.class, publisher);
            assertInstanceOf(SysVMqSubscriber.class, subscriber);
            assertEquals(uri, publisher.uri());
            assertEquals(uri, subscriber.uri());
            assertTrue(publisher.offer(new byte[] {1}, 0, 1, 2));
            assertTrue(publisher.offer(new byte[] {42}, 0, 1, 3));
            int[] got = new int[2];
            assertEquals(1, subscriber.poll((type, buffer, offset, length) -> {
                got[0] = type;
                got[1] = buffer.get(offset);
            }, 10), "type=3 selects only the type-3 message");
            assertEquals(3, got[0]);
            assertEquals(42, got[1]);
        }
    }

    @Test
    void anUnknownParameterIsReportedNotIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Channels.subscriber("sysvmq:" + TestQueues.hex(queues.sysvKey()) + "?typ=3"));
        assertTrue(e.getMessage().contains("unknown parameter 'typ'"), e.getMessage());
    }
}
