package io.ipcring.transport;

import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A round-trip sanity check against an echoing peer: each ping carries its number and must come
 * back unchanged, in order. The times are printed for information only (the machine is shared;
 * the bench module measures properly) and never asserted.
 */
public final class PingPong {
    private static final int LENGTH = 32;
    private static final int TYPE = 5;

    private PingPong() {
    }

    /**
     * @param out    where pings go
     * @param in     where the echoes come back
     * @param name   the transport, for the printed line
     * @param warmup round trips before timing
     * @param rounds timed round trips
     * @throws InterruptedException if interrupted
     */
    public static void run(Publisher out, Subscriber in, String name, int warmup, int rounds) throws InterruptedException {
        ByteBuffer ping = ByteBuffer.allocateDirect(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long[] echoed = new long[1];
        long[] nanos = new long[rounds];
        for (int i = 0; i < warmup + rounds; i++) {
            long start = System.nanoTime();
            ping.putLong(0, i);
            if (!out.offer(ping, 0, LENGTH, TYPE, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(name + ": ping " + i + " not accepted");
            }
            echoed[0] = -1;
            int n = in.poll((type, buffer, offset, length) -> {
                if (type != TYPE || length != LENGTH) {
                    throw new AssertionError(name + ": echo has type " + type + " and length " + length);
                }
                echoed[0] = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
            }, 1, TestTraffic.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (n != 1 || echoed[0] != i) {
                throw new AssertionError(name + ": round trip " + i + " got " + n + " message(s) carrying " + echoed[0]);
            }
            if (i >= warmup) {
                nanos[i - warmup] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%s ping-pong, %d-byte payload: p50 %.1f us, p99 %.1f us over %d round trips"
                        + " (shared, loaded machine: information only)%n",
                name, LENGTH, nanos[rounds / 2] / 1e3, nanos[rounds * 99 / 100] / 1e3, rounds);
    }
}
