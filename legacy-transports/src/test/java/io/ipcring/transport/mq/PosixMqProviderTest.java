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

class PosixMqProviderTest {
    private final TestQueues queues = new TestQueues();

    @AfterEach
    void removeQueues() {
        queues.removeAll();
    }

    @Test
    void isRegisteredForTheMqScheme() {
        assertEquals(Set.of("mq"), new PosixMqProvider().schemes());
        assertEquals(PosixMqProvider.class.getName(), Channels.schemes().get("mq"));
    }

    @Test
    void channelsOpensPosixQueueEndpointsThatTalk() {
        String uri = "mq:" + queues.posixName() + "?maxMessage=64";
        try (Publisher publisher = Channels.publisher(uri); Subscriber subscriber = Channels.subscriber(uri)) {
            assertInstanceOf(PosixMqPublisher.class, publisher);
            assertInstanceOf(PosixMqSubscriber.class, subscriber);
            assertEquals(uri, publisher.uri());
            assertEquals(uri, subscriber.uri());
            assertEquals(64, publisher.maxMessageLength());
            assertTrue(publisher.offer(new byte[] {42}, 0, 1, 3));
            int[] got = new int[2];
            assertEquals(1, subscriber.poll((type, buffer, offset, length) -> {
                got[0] = type;
                got[1] = buffer.get(offset);
            }, 1));
            assertEquals(3, got[0]);
            assertEquals(42, got[1]);
        }
    }

    @Test
    void anUnknownParameterIsReportedNotIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Channels.publisher("mq:" + queues.posixName() + "?maxMesages=3"));
        assertTrue(e.getMessage().contains("unknown parameter 'maxMesages'"), e.getMessage());
    }
}
