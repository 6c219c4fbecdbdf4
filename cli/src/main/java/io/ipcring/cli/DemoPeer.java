package io.ipcring.cli;

import io.ipcring.bench.ChannelTransport;
import io.ipcring.channel.Channels;
import io.ipcring.channel.MessageHandler;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The partner process of {@code ipcring demo} (main class): subscribes to the first URI,
 * publishes on the second, answers {@link #TEXT} messages with the text in upper case, echoes
 * any other type but {@link #BYE}, and exits on {@link #BYE}. It halts if the demo goes away.
 * (The demo's timed round trips run in the bench's own processes, not here.)
 */
public final class DemoPeer {
    /** A text message; the answer is the same text upper-cased. */
    static final int TEXT = 1;
    /** The end: the partner closes its channels and exits. */
    static final int BYE = 3;

    private DemoPeer() {
    }

    /**
     * @param args the URI to read from, the URI to answer on
     * @throws Exception when a channel fails: the demo reports the exit code
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DemoPeer IN_URI OUT_URI");
        }
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
        try (Subscriber in = ChannelTransport.openRetrying(() -> Channels.subscriber(args[0]));
             Publisher out = ChannelTransport.openRetrying(() -> Channels.publisher(args[1]))) {
            Answerer answerer = new Answerer(out);
            while (!answerer.done) {
                in.poll(answerer, 16, 100, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Answers each message on the outgoing channel. */
    private static final class Answerer implements MessageHandler {
        private final Publisher out;
        boolean done;

        Answerer(Publisher out) {
            this.out = out;
        }

        @Override
        public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
            if (type == BYE) {
                done = true;
                return;
            }
            ByteBuffer answer = buffer;
            int answerOffset = offset;
            if (type == TEXT) {
                byte[] text = new byte[length];
                buffer.get(offset, text, 0, length);
                answer = ByteBuffer.wrap(new String(text, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8));
                answerOffset = 0;
            }
            try {
                if (!out.offer(answer, answerOffset, answer == buffer ? length : answer.capacity(), type, 10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no room to answer on " + out.uri() + " for 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
