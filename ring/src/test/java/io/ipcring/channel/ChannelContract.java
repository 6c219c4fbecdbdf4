package io.ipcring.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every channel kind shares through the public API ({@link Channels},
 * {@link Publisher}, {@link Subscriber}, {@link MessageHandler}), run unchanged against every URI
 * kind by a small subclass that supplies a {@link ChannelFixture} (JCTools' contract-suite
 * style). Where kinds differ (what "full" is, what a peer's close looks like) the fixture's
 * {@link ChannelCapabilities} declare it and the test asserts the declared behaviour.
 */
public abstract class ChannelContract {
    /** The timeout of the timed calls expected to time out. */
    static final long TIMEOUT_MILLIS = 200;
    /** How far past its timeout a timed call may return: generous, this is not a speed test. */
    static final long SLACK_MILLIS = 10_000;
    /** The most messages a back-pressure test offers before it gives up waiting for "full". */
    static final int FILL_LIMIT = 1_000_000;
    /** Offers a kind declared never full takes at once: well past a ring's or a journal segment's 64 KiB. */
    static final int NEVER_FULL_OFFERS = 10_000;

    private ChannelFixture fixture;

    /**
     * @return a fresh fixture for one test, whose channel nothing else uses
     * @throws Exception when it cannot be set up
     */
    protected abstract ChannelFixture newFixture() throws Exception;

    @BeforeEach
    final void setUpFixture() throws Exception {
        fixture = newFixture();
    }

    @AfterEach
    final void removeFixture() throws Exception {
        fixture.close();
    }

    @Test
    void messagesArriveInOrderWithTheirTypesAndPayloads() throws Exception {
        try (ChannelPair pair = fixture.connect()) {
            int count = 200;
            int longest = Math.min(fixture.capabilities().maxMessageLength(), 300);
            Future<List<ContractMessages.Message>> got = ContractMessages.receiveInBackground(pair.subscriber(), count);
            ByteBuffer direct = ByteBuffer.allocateDirect(longest);
            for (int seq = 0; seq < count; seq++) {
                byte[] payload = ContractMessages.payload(seq, seq % (longest + 1));
                ByteBuffer src = seq % 2 == 0 ? ByteBuffer.wrap(payload) : direct.clear().put(payload);
                assertTrue(pair.publisher().offer(src, 0, payload.length, ContractMessages.type(seq),
                        ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS), "message " + seq + " accepted");
            }
            ContractMessages.assertSequence(got.get(ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS), 0, count, seq -> seq % (longest + 1));
        }
    }

    @Test
    void aPollDeliversAtMostItsLimit() throws Exception {
        try (ChannelPair pair = fixture.connect()) {
            int count = 7;
            for (int seq = 0; seq < count; seq++) {
                assertTrue(offer(pair.publisher(), ContractMessages.payload(seq, 5), ContractMessages.type(seq)));
            }
            ContractMessages got = new ContractMessages();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ContractMessages.PATIENCE_SECONDS);
            while (got.received().size() < count && System.nanoTime() < deadline) {
                int before = got.received().size();
                int delivered = pair.subscriber().poll(got, 2, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                assertTrue(delivered <= 2, "a poll with limit 2 delivered " + delivered);
                assertEquals(before + delivered, got.received().size(), "a poll returns how many it delivered");
            }
            ContractMessages.assertSequence(got.received(), 0, count, seq -> 5);
        }
    }

    @Test
    void zeroLengthAndMaximumLengthMessages() throws Exception {
        int max = fixture.capabilities().maxMessageLength();
        try (ChannelPair pair = fixture.connect()) {
            assertEquals(max, pair.publisher().maxMessageLength(), "the declared maximum");
            // received while sent: a maximum message may be larger than a stream's kernel buffers
            Future<List<ContractMessages.Message>> received = ContractMessages.receiveInBackground(pair.subscriber(), 4);
            byte[] longest = ContractMessages.payload(9, max);
            ByteBuffer direct = ByteBuffer.allocateDirect(max).put(0, longest);
            assertTrue(offer(pair.publisher(), new byte[0], 3));
            assertTrue(offer(pair.publisher(), longest, 4));
            assertTrue(pair.publisher().offer(direct, 0, max, 5, ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS));
            assertTrue(offer(pair.publisher(), new byte[0], 6));
            List<ContractMessages.Message> got = received.get(ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of(3, 4, 5, 6), got.stream().map(ContractMessages.Message::type).toList());
            assertEquals(0, got.get(0).payload().length);
            assertArrayEquals(longest, got.get(1).payload());
            assertArrayEquals(longest, got.get(2).payload());
            assertEquals(0, got.get(3).payload().length);
        }
    }

    @Test
    void oversizeAndInvalidOffersAreRejectedAndTheChannelGoesOn() throws Exception {
        int max = fixture.capabilities().maxMessageLength();
        try (ChannelPair pair = fixture.connect()) {
            Publisher publisher = pair.publisher();
            ByteBuffer big = ByteBuffer.allocate(max + 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.offer(big, 0, max + 1, 1));
            assertTrue(e.getMessage().contains(String.valueOf(max + 1)) && e.getMessage().contains(String.valueOf(max)),
                    "names the length and the maximum: " + e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(big, 0, max + 1, 1, 1, TimeUnit.SECONDS));
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(big.array(), 0, max + 1, 1));
            ByteBuffer small = ByteBuffer.allocate(8);
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(small, 0, -1, 1), "negative length");
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(small, 0, 1, 0), "type 0");
            assertThrows(IllegalArgumentException.class, () -> publisher.offer(small, 0, 1, -7), "negative type");
            assertThrows(IndexOutOfBoundsException.class, () -> publisher.offer(small, 4, 5, 1), "beyond the limit");
            assertThrows(IndexOutOfBoundsException.class, () -> publisher.offer(small, -1, 1, 1), "negative offset");
            assertThrows(NullPointerException.class, () -> publisher.offer((ByteBuffer) null, 0, 0, 1));
            byte[] after = ContractMessages.payload(1, Math.min(max, 16));
            assertTrue(offer(publisher, after, 2), "the channel takes messages after a rejection");
            List<ContractMessages.Message> got = new ContractMessages().await(pair.subscriber(), 1).received();
            assertEquals(2, got.get(0).type(), "nothing of the rejected message arrived");
            assertArrayEquals(after, got.get(0).payload());
            assertEquals(0, pair.subscriber().poll(new ContractMessages(), 10, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void offersMeetTheBackPressureTheKindDeclares() throws Exception {
        if (fixture.capabilities().backPressure()) {
            aFullChannelRefusesOffersUntilTheSubscriberDrainsIt();
        } else {
            aChannelThatIsNeverFullTakesEveryOfferAtOnce();
        }
    }

    /** Declared never full: offers beyond any buffer are all taken without a wait, and all arrive. */
    private void aChannelThatIsNeverFullTakesEveryOfferAtOnce() throws Exception {
        try (ChannelPair pair = fixture.connect()) {
            Publisher publisher = pair.publisher();
            for (int seq = 0; seq < NEVER_FULL_OFFERS; seq++) {
                byte[] payload = ContractMessages.payload(seq, 8);
                boolean taken = seq % 2 == 0 ? publisher.offer(payload, 0, 8, ContractMessages.type(seq))
                        : publisher.offer(ByteBuffer.wrap(payload), 0, 8, ContractMessages.type(seq), 0, TimeUnit.MILLISECONDS);
                assertTrue(taken, "offer " + seq + " taken at once by a channel declared never full, nobody reading");
            }
            Thread.currentThread().interrupt();
            try {
                assertTrue(publisher.offer(ByteBuffer.wrap(ContractMessages.payload(NEVER_FULL_OFFERS, 8)), 0, 8,
                        ContractMessages.type(NEVER_FULL_OFFERS), ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS),
                        "a timed offer that never waits takes the message, interrupted or not");
            } finally {
                assertTrue(Thread.interrupted(), "an offer that does not wait leaves the interrupt status alone");
            }
            List<ContractMessages.Message> got = new ContractMessages().await(pair.subscriber(), NEVER_FULL_OFFERS + 1).received();
            ContractMessages.assertSequence(got, 0, NEVER_FULL_OFFERS + 1, seq -> 8);
        }
    }

    private void aFullChannelRefusesOffersUntilTheSubscriberDrainsIt() throws Exception {
        ChannelCapabilities capabilities = fixture.capabilities();
        // 8-byte frames, the smallest: a stream that refuses one has taken none of it (pipes write
        // up to PIPE_BUF bytes atomically, a socket accounts its buffer in far larger units)
        int length = 0;
        try (ChannelPair pair = fixture.connect()) {
            Publisher publisher = pair.publisher();
            int sent = 0;
            long elapsed;
            while (true) {   // full when an offer and then a timed offer are refused (a relay may still be moving data)
                byte[] payload = ContractMessages.payload(sent, length);
                if (publisher.offer(payload, 0, length, ContractMessages.type(sent))) {
                    sent++;
                } else {
                    long start = System.nanoTime();
                    boolean taken = publisher.offer(ByteBuffer.wrap(payload), 0, length, ContractMessages.type(sent),
                            TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    elapsed = System.nanoTime() - start;
                    if (!taken) {
                        break;
                    }
                    sent++;
                }
                assertTrue(sent < FILL_LIMIT, "never full after " + sent + " messages; declared full: " + capabilities.full());
            }
            assertTrue(sent > 0, "an empty channel takes a message");
            assertTimedOut(elapsed, "a timed offer on a full channel");
            // a kernel may still make room without a read (TCP moves data from the send buffer to the
            // receive buffer at its window probes): each wait below offers until the channel is full again
            AtomicInteger total = new AtomicInteger(sent);
            FutureTask<Void> blocked = new FutureTask<>(() -> {
                while (true) {
                    if (!clearsTheInterrupt(() -> offerNext(publisher, total, Long.MAX_VALUE, TimeUnit.NANOSECONDS))) {
                        throw new AssertionError("a timed offer of Long.MAX_VALUE ns returned false");
                    }
                }
            });
            Thread offerer = new Thread(blocked, "contract-offerer");
            offerer.start();
            sleep(TIMEOUT_MILLIS);
            offerer.interrupt();
            ExecutionException interrupted = assertThrows(ExecutionException.class,
                    () -> blocked.get(ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS), "an interrupt ends a timed offer");
            assertTrue(interrupted.getCause() instanceof InterruptedException, String.valueOf(interrupted.getCause()));
            assertThrows(InterruptedException.class, () -> {
                while (true) {
                    Thread.currentThread().interrupt();
                    if (!offerNext(publisher, total, ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("an interrupted thread waited the whole timeout");
                    }
                }
            }, "an interrupted thread does not start waiting");
            assertFalse(Thread.interrupted(), "the interrupt status is cleared");
            long start = System.nanoTime();
            offerNext(publisher, total, 0, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(SLACK_MILLIS), "a timed offer of 0 ms does not wait");
            sent = total.get();
            Future<List<ContractMessages.Message>> drained = ContractMessages.receiveInBackground(pair.subscriber(), sent + 1);
            byte[] last = ContractMessages.payload(sent, length);
            assertTrue(publisher.offer(ByteBuffer.wrap(last), 0, length, ContractMessages.type(sent), Long.MAX_VALUE, TimeUnit.DAYS),
                    "a timed offer takes the room the subscriber makes");
            ContractMessages.assertSequence(drained.get(ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS), 0, sent + 1, seq -> length);
        }
    }

    @Test
    void timedPollsReturnWithinTheirTimeoutAndWakeForAMessage() throws Exception {
        try (ChannelPair pair = fixture.connect()) {
            ContractMessages got = new ContractMessages();
            long start = System.nanoTime();
            assertEquals(0, pair.subscriber().poll(got, 10, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            assertTimedOut(System.nanoTime() - start, "a timed poll on an empty channel");
            assertEquals(0, pair.subscriber().poll(got, 10), "a poll never waits and finds nothing");
            assertEquals(0, pair.subscriber().poll(got, 10, 0, TimeUnit.MILLISECONDS), "a timed poll of 0 ms");
            assertEquals(0, pair.subscriber().poll(got, 10, -1, TimeUnit.MILLISECONDS), "a timed poll of -1 ms");
            Thread sender = new Thread(() -> {
                sleep(50);
                pair.publisher().offer(new byte[]{42}, 0, 1, 6);
            });
            sender.start();
            try {
                // the longest timeout there is: a deadline computed without care overflows and ends the wait at once
                assertEquals(1, pair.subscriber().poll(got, 10, Long.MAX_VALUE, TimeUnit.NANOSECONDS), "woken by the message");
            } finally {
                sender.join(TimeUnit.SECONDS.toMillis(ContractMessages.PATIENCE_SECONDS));
            }
            assertEquals(6, got.received().get(0).type());
            assertArrayEquals(new byte[]{42}, got.received().get(0).payload());
        }
    }

    @Test
    void anInterruptEndsATimedPoll() throws Exception {
        try (ChannelPair pair = fixture.connect()) {
            // the longest timeout: the wait must still be cut into slices that look at the interrupt
            FutureTask<Integer> poll = new FutureTask<>(() -> clearsTheInterrupt(() -> pair.subscriber().poll(
                    new ContractMessages(), 1, Long.MAX_VALUE, TimeUnit.NANOSECONDS)));
            Thread waiter = new Thread(poll, "contract-waiter");
            waiter.start();
            sleep(TIMEOUT_MILLIS);
            waiter.interrupt();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> poll.get(ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS), "the poll ended");
            assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> pair.subscriber().poll(new ContractMessages(), 1,
                    ContractMessages.PATIENCE_SECONDS, TimeUnit.SECONDS), "an interrupted thread does not start waiting");
            assertFalse(Thread.interrupted(), "the interrupt status is cleared");
            assertTrue(offer(pair.publisher(), new byte[]{7}, 2), "the channel goes on");
            assertEquals(2, new ContractMessages().await(pair.subscriber(), 1).received().get(0).type());
        }
    }

    @Test
    void theSubscriberSeesThePublishersCloseAsDeclared() throws Exception {
        PeerClose declared = fixture.capabilities().publisherClosed();
        try (ChannelPair pair = fixture.connect()) {
            for (int seq = 0; seq < 3; seq++) {
                assertTrue(offer(pair.publisher(), ContractMessages.payload(seq, 8), ContractMessages.type(seq)));
            }
            fixture.closePublisherSide(pair);
            ContractMessages got = new ContractMessages().await(pair.subscriber(), 3);
            ContractMessages.assertSequence(got.received(), 0, 3, seq -> 8);
            if (declared == PeerClose.CLOSED_EXCEPTION) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ContractMessages.PATIENCE_SECONDS);
                assertThrows(ChannelClosedException.class, () -> {
                    while (System.nanoTime() < deadline) {
                        assertEquals(0, pair.subscriber().poll(got, 10, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
                    }
                }, "the subscriber reports the publisher's close once it has drained the channel");
            } else {
                assertEquals(0, pair.subscriber().poll(got, 10, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
                try (Publisher again = fixture.reopenPublisher()) {
                    assertTrue(offer(again, ContractMessages.payload(3, 8), ContractMessages.type(3)));
                    ContractMessages.assertSequence(got.await(pair.subscriber(), 4).received(), 0, 4, seq -> 8);
                }
            }
        }
    }

    @Test
    void thePublisherSeesTheSubscribersCloseAsDeclared() throws Exception {
        PeerClose declared = fixture.capabilities().subscriberClosed();
        try (ChannelPair pair = fixture.connect()) {
            assertTrue(offer(pair.publisher(), ContractMessages.payload(0, 8), 1));
            assertEquals(1, new ContractMessages().await(pair.subscriber(), 1).received().size());
            fixture.closeSubscriberSide(pair);
            byte[] payload = ContractMessages.payload(1, 8);
            if (declared == PeerClose.CLOSED_EXCEPTION) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ContractMessages.PATIENCE_SECONDS);
                assertThrows(ChannelClosedException.class, () -> {
                    while (System.nanoTime() < deadline) {
                        pair.publisher().offer(payload, 0, payload.length, 1);
                        sleep(10);
                    }
                }, "an offer reports the subscriber's close");
            } else {
                assertTrue(pair.publisher().offer(payload, 0, payload.length, 1), "the channel still takes messages");
            }
        }
    }

    @Test
    void readMessagesStayOrGoAsDeclared() throws Exception {
        String replay = fixture.capabilities().replay();
        try (ChannelPair pair = fixture.connect()) {
            for (int seq = 0; seq < 3; seq++) {
                assertTrue(offer(pair.publisher(), ContractMessages.payload(seq, 8), ContractMessages.type(seq)));
            }
            ContractMessages.assertSequence(new ContractMessages().await(pair.subscriber(), 3).received(), 0, 3, seq -> 8);
            assertEquals(0, pair.subscriber().poll(new ContractMessages(), 10, TIMEOUT_MILLIS, TimeUnit.MILLISECONDS),
                    "a subscriber gets each message once");
            if (replay == null) {
                assertThrows(UnsupportedOperationException.class, fixture::replaySubscriber, "declared: reading consumes");
            } else {
                try (Subscriber again = fixture.replaySubscriber()) {
                    ContractMessages.assertSequence(new ContractMessages().await(again, 3).received(), 0, 3, seq -> 8);
                }
            }
        }
    }

    @Test
    void closedEndpointsRefuseWork() throws Exception {
        ChannelPair pair = fixture.connect();
        pair.close();
        byte[] payload = new byte[1];
        assertThrows(ChannelClosedException.class, () -> pair.publisher().offer(payload, 0, 1, 1));
        assertThrows(ChannelClosedException.class, () -> pair.publisher().offer(ByteBuffer.wrap(payload), 0, 1, 1, 1,
                TimeUnit.SECONDS));
        assertThrows(ChannelClosedException.class, () -> pair.subscriber().poll(new ContractMessages(), 1));
        assertThrows(ChannelClosedException.class, () -> pair.subscriber().poll(new ContractMessages(), 1, 1, TimeUnit.SECONDS));
        pair.close();   // a second close is harmless
    }

    @Test
    void unknownParametersAreRejectedNamingTheValidOnes() {
        assertUnknownParameter(fixture.publisherUri(), fixture.publisherParameters(), Channels::publisher);
        assertUnknownParameter(fixture.subscriberUri(), fixture.subscriberParameters(), Channels::subscriber);
    }

    @Test
    void malformedUrisAreRejectedWithAClearMessage() {
        Map<String, String> bad = fixture.badUris();
        assertFalse(bad.isEmpty(), "a kind declares its malformed URIs");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            for (java.util.function.Function<String, AutoCloseable> open
                    : List.<java.util.function.Function<String, AutoCloseable>>of(Channels::publisher, Channels::subscriber)) {
                RuntimeException e = assertThrows(RuntimeException.class, () -> open.apply(entry.getKey()).close(), entry.getKey());
                assertTrue(e instanceof IllegalArgumentException || e instanceof ChannelException, entry.getKey() + ": " + e);
                assertTrue(e.getMessage().contains(entry.getValue()), entry.getKey() + ": '" + e.getMessage()
                        + "' should contain '" + entry.getValue() + "'");
            }
        }
    }

    private static void assertUnknownParameter(String uri, Set<String> valid,
                                               java.util.function.Function<String, AutoCloseable> open) {
        String bad = uri + (uri.contains("?") ? "&" : "?") + "colour=blue";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open.apply(bad).close(), bad);
        assertTrue(e.getMessage().contains("unknown parameter 'colour'"), e.getMessage());
        for (String parameter : valid) {
            assertTrue(e.getMessage().contains(parameter), "lists " + parameter + ": " + e.getMessage());
        }
    }

    /**
     * Runs a wait expected to end with {@link InterruptedException}, and checks that it cleared the
     * thread's interrupt status as it threw, as {@code java.util.concurrent} does.
     */
    private static <T> T clearsTheInterrupt(java.util.concurrent.Callable<T> wait) throws Exception {
        try {
            return wait.call();
        } catch (InterruptedException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("the interrupt status is still set after " + e, e);
            }
            throw e;
        }
    }

    /** Offers the next message of the back-pressure sequence (8-byte frames) and counts it when taken. */
    private static boolean offerNext(Publisher publisher, AtomicInteger total, long timeout, TimeUnit unit)
            throws InterruptedException {
        int seq = total.get();
        boolean taken = publisher.offer(ByteBuffer.wrap(ContractMessages.payload(seq, 0)), 0, 0, ContractMessages.type(seq),
                timeout, unit);
        if (taken) {
            total.incrementAndGet();
        }
        return taken;
    }

    private static boolean offer(Publisher publisher, byte[] payload, int type) throws InterruptedException {
        return publisher.offer(ByteBuffer.wrap(payload), 0, payload.length, type, ContractMessages.PATIENCE_SECONDS,
                TimeUnit.SECONDS);
    }

    private static void assertTimedOut(long elapsedNanos, String what) {
        assertTrue(elapsedNanos >= TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS) - TimeUnit.MILLISECONDS.toNanos(1),
                what + " waited its timeout of " + TIMEOUT_MILLIS + " ms: " + elapsedNanos + " ns");
        assertTrue(elapsedNanos < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS + SLACK_MILLIS),
                what + " returned within its timeout (+" + SLACK_MILLIS + " ms): " + elapsedNanos + " ns");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
