package io.ipcring.sync;

import java.util.Arrays;

/**
 * Child process for {@link PrimitivesProcessTest}: writes a seqlock's words, all set to the write
 * number 1..n, then exits.
 *
 * <p>Arguments: region path, seqlock offset, number of writes.
 */
public final class SeqLockChild {
    private SeqLockChild() {
    }

    /** @param args path, offset, writes */
    public static void main(String[] args) {
        try (SharedRegion region = ScratchRegion.open(args[0])) {
            SeqLock lock = SeqLock.attach(region.memory(), Integer.parseInt(args[1]));
            long[] words = new long[lock.words()];
            long writes = Long.parseLong(args[2]);
            for (long i = 1; i <= writes; i++) {
                Arrays.fill(words, i);
                lock.write(words);
            }
        }
    }
}
