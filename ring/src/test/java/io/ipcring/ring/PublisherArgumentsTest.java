package io.ipcring.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageFrame;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad arguments to every ring kind's publisher, through the public API: each call throws its
 * documented exception and leaves the ring as it was, so a subscriber attached afterwards gets
 * the next good message at once. (Before the fix an MPSC offer claimed space before it checked
 * the source range, and the uncommitted claim blocked every subscriber for good.)
 */
class PublisherArgumentsTest {
    private static final int MAX = 64;
    private static final byte[] GOOD = Collected.bytes(12, 7);

    private final TestPaths paths = new TestPaths();

    @AfterEach
    void deleteFiles() {
        paths.close();
    }

    private static String uri(Path path, String kind) {
        return "shm:" + path + "?kind=" + kind + "&capacity=4k&maxMessage=" + MAX;
    }

    private static String subscriberUri(Path path, String kind) {
        return uri(path, kind) + (kind.equals("broadcast") ? "&subscriber=fresh" : "");
    }

    /** The bad calls, each with the exception its Javadoc promises. */
    private static List<Bad> badCalls(Publisher publisher) {
        byte[] four = new byte[4];
        ByteBuffer limited = ByteBuffer.allocate(16).limit(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        return List.of(
                new Bad("null array", NullPointerException.class, () -> publisher.offer((byte[]) null, 0, 1, 1)),
                new Bad("null buffer", NullPointerException.class, () -> publisher.offer((ByteBuffer) null, 0, 1, 1)),
                new Bad("negative offset", IndexOutOfBoundsException.class, () -> publisher.offer(four, -1, 1, 1)),
                new Bad("length past the array", IndexOutOfBoundsException.class, () -> publisher.offer(four, 0, 5, 1)),
                new Bad("offset + length past the array", IndexOutOfBoundsException.class, () -> publisher.offer(four, 3, 2, 1)),
                new Bad("offset MAX_VALUE (overflows)", IndexOutOfBoundsException.class,
                        () -> publisher.offer(four, Integer.MAX_VALUE, 1, 1)),
                new Bad("past the buffer's limit, within its capacity", IndexOutOfBoundsException.class,
                        () -> publisher.offer(limited, 2, 4, 1)),
                new Bad("buffer offset MAX_VALUE", IndexOutOfBoundsException.class,
                        () -> publisher.offer(direct, Integer.MAX_VALUE, 2, 1)),
                new Bad("negative length", IllegalArgumentException.class, () -> publisher.offer(four, 0, -1, 1)),
                new Bad("length above maxMessageLength", IllegalArgumentException.class,
                        () -> publisher.offer(new byte[MAX + 1], 0, MAX + 1, 1)),
                new Bad("type 0", IllegalArgumentException.class, () -> publisher.offer(four, 0, 4, 0)),
                new Bad("padding type", IllegalArgumentException.class, () -> publisher.offer(four, 0, 4, MessageFrame.PADDING_TYPE)),
                new Bad("timed, null buffer", NullPointerException.class,
                        () -> publisher.offer((ByteBuffer) null, 0, 1, 1, 10, TimeUnit.MILLISECONDS)),
                new Bad("timed, past the limit", IndexOutOfBoundsException.class,
                        () -> publisher.offer(limited, 0, 5, 1, 10, TimeUnit.MILLISECONDS)),
                new Bad("timed, offset MAX_VALUE", IndexOutOfBoundsException.class,
                        () -> publisher.offer(ByteBuffer.wrap(four), Integer.MAX_VALUE, 4, 1, 10, TimeUnit.MILLISECONDS)),
                new Bad("timed, type 0", IllegalArgumentException.class,
                        () -> publisher.offer(ByteBuffer.wrap(four), 0, 4, 0, 10, TimeUnit.MILLISECONDS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpsc", "broadcast", "workqueue"})
    void badArgumentsThrowAndLeaveTheRingWorking(String kind) throws Exception {
        Path path = paths.next("args-" + kind);
        try (Publisher publisher = Channels.publisher(uri(path, kind))) {
            for (Bad bad : badCalls(publisher)) {
                assertThrows(bad.expected(), bad.call(), kind + ": " + bad.name());
            }
            assertFreshSubscriberGetsTheNextMessage(path, kind, publisher);
        }
    }

    /**
     * A copy that fails after the claim (its source buffer's mapping is closed: Java 22+ throws
     * {@link IllegalStateException} there, Java 17–21 would touch unmapped memory) gives the
     * claim up before the exception propagates.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpsc", "broadcast", "workqueue"})
    void aCopyThatFailsAfterTheClaimGivesItUp(String kind) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "a closed mapping is an exception only on Java 22+");
        ByteBuffer closedMapping;
        try (RingProducer other = (RingProducer) Channels.publisher(uri(paths.next("closed-" + kind), "spsc"))) {
            closedMapping = other.buffer();
        }
        Path path = paths.next("copy-" + kind);
        try (Publisher publisher = Channels.publisher(uri(path, kind))) {
            assertThrows(IllegalStateException.class, () -> publisher.offer(closedMapping, 0, 8, 1));
            assertFreshSubscriberGetsTheNextMessage(path, kind, publisher);
        }
    }

    private static void assertFreshSubscriberGetsTheNextMessage(Path path, String kind, Publisher publisher)
            throws InterruptedException {
        try (Subscriber subscriber = Channels.subscriber(subscriberUri(path, kind))) {
            assertEquals(true, publisher.offer(GOOD, 0, GOOD.length, 9), kind + ": the good offer");
            Collected got = new Collected();
            assertEquals(1, subscriber.poll(got, 10, 1, TimeUnit.SECONDS), kind + ": the good message within a second");
            assertEquals(9, got.messages.get(0).type());
            assertArrayEquals(GOOD, got.messages.get(0).payload());
        }
    }

    private record Bad(String name, Class<? extends Throwable> expected, Executable call) {
    }
}
