package io.ipcring.sync;

import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link FutexTest}: sleeps on a futex word of a scratch region while it holds
 * 0, for at most 30 s, and exits with 0 when woken, 1 otherwise.
 *
 * <p>Arguments: region path, word offset.
 */
public final class FutexWaitChild {
    private FutexWaitChild() {
    }

    /** @param args path, offset */
    public static void main(String[] args) {
        try (SharedRegion region = ScratchRegion.open(args[0])) {
            Futex.WaitResult result = Futex.wait(region.memory(), Integer.parseInt(args[1]), 0,
                    TimeUnit.SECONDS.toNanos(30));
            System.out.println(result);
            System.exit(result == Futex.WaitResult.WOKEN ? 0 : 1);
        }
    }
}
