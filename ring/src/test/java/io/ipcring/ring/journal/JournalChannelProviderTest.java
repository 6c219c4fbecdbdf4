package io.ipcring.ring.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelClosedException;
import io.ipcring.channel.ChannelContract;
import io.ipcring.channel.Channels;
import io.ipcring.channel.ContractMessages;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.RingSlotsTakenException;
import io.ipcring.testsupport.TestPaths;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code journal:} URIs add to {@link ChannelContract}: named readers, starts, the SPI registration. */
class JournalChannelProviderTest {
    private final TestPaths paths = new TestPaths();
    private final String uri = "journal:" + paths.next("journal-channel") + "?roll=size:64k&max=100";

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private void send(int from, int count) {
        try (Publisher publisher = Channels.publisher(uri)) {
            for (int i = from; i < from + count; i++) {
                assertTrue(publisher.offer(new byte[] {(byte) i}, 0, 1, 1));
            }
        }
    }

    private static List<Integer> read(Subscriber subscriber, int limit) throws InterruptedException {
        List<Integer> got = new ArrayList<>();
        subscriber.poll((type, buffer, offset, length) -> got.add((int) buffer.get(offset)), limit, 100, TimeUnit.MILLISECONDS);
        return got;
    }

    @Test
    void theSchemeIsRegisteredThroughTheServiceLoader() {
        assertEquals(JournalChannelProvider.class.getName(), Channels.schemes().get("journal"));
    }

    @Test
    void aNamedReaderResumesAfterWhatItsLastPollReturned() throws Exception {
        send(0, 5);
        try (Subscriber reader = Channels.subscriber(uri + "&reader=audit")) {
            assertEquals(List.of(0, 1), read(reader, 2));
            RingSlotsTakenException e = assertThrows(RingSlotsTakenException.class, () -> Channels.subscriber(uri + "&reader=audit"));
            assertTrue(e.getMessage().contains("audit"), e.getMessage());
        }
        try (Subscriber reader = Channels.subscriber(uri + "&reader=audit&from=start")) {
            assertEquals(List.of(2, 3, 4), read(reader, 10), "from= starts a new name only");
        }
        try (Subscriber unnamed = Channels.subscriber(uri)) {
            assertEquals(List.of(0, 1, 2, 3, 4), read(unnamed, 10), "an unnamed reader starts at the first record");
        }
    }

    @Test
    void endAndSequenceStarts() throws Exception {
        send(0, 3);
        try (Subscriber fromEnd = Channels.subscriber(uri + "&from=end");
             Subscriber fromSeq = Channels.subscriber(uri + "&from=seq:1")) {
            send(3, 1);
            assertEquals(List.of(3), read(fromEnd, 10));
            assertEquals(List.of(1, 2, 3), read(fromSeq, 10));
        }
    }

    @Test
    void aBadReaderNameIsNamedWithTheUri() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.subscriber(uri + "&reader=.hidden"));
        assertTrue(e.getMessage().startsWith("channel URI '" + uri + "&reader=.hidden': reader=.hidden: name=.hidden must match"),
                e.getMessage());
        send(0, 1);
    }

    @Test
    void aCloseFromAnotherThreadEndsAWaitingPoll() throws Exception {
        send(0, 1);
        Subscriber subscriber = Channels.subscriber(uri + "&reader=closer&from=end");
        FutureTask<Integer> poll = new FutureTask<>(() -> subscriber.poll((type, buffer, offset, length) -> { }, 1,
                ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS));
        Thread poller = new Thread(poll, "journal-poller");
        poller.start();
        Thread.sleep(100);
        subscriber.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> poll.get(ContractMessages.PATIENCE_SECONDS,
                TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ChannelClosedException, String.valueOf(e.getCause()));
        Channels.subscriber(uri + "&reader=closer").close();   // the name was freed
    }

    @Test
    void aPublisherNeverRefusesAndClosesItsJournal() throws Exception {
        Publisher publisher = Channels.publisher(uri + "&appenders=1");
        try {
            assertEquals(100, publisher.maxMessageLength());
            assertEquals(uri + "&appenders=1", publisher.uri());
            assertThrows(RingSlotsTakenException.class, () -> Channels.publisher(uri), "one appender slot, held");
            ByteBuffer payload = ByteBuffer.wrap(ContractMessages.payload(1, 100));
            for (int i = 0; i < 2000; i++) {
                assertTrue(publisher.offer(payload, 0, 100, 1, 0, TimeUnit.NANOSECONDS));
            }
        } finally {
            publisher.close();
        }
        Channels.publisher(uri).close();
    }
}
