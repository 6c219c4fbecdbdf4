package io.ipcring.ring.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A journal handler that copies every record it gets, for assertions. */
final class Records implements JournalHandler {
    record Record(long sequence, long timestamp, int type, byte[] payload) {
    }

    final List<Record> records = new ArrayList<>();

    @Override
    public void onRecord(long sequence, long timestamp, int type, ByteBuffer buffer, int offset, int length) {
        if (!buffer.isReadOnly()) {
            throw new AssertionError("handler got a writable buffer");
        }
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        records.add(new Record(sequence, timestamp, type, copy));
    }

    List<Long> sequences() {
        List<Long> s = new ArrayList<>();
        for (Record r : records) {
            s.add(r.sequence());
        }
        return s;
    }

    /** Polls until {@code expected} records arrived or 10 s passed. */
    static Records drain(JournalReader reader, int expected) throws InterruptedException {
        Records got = new Records();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.records.size() < expected && System.nanoTime() < deadline) {
            reader.poll(got, 1000, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return got;
    }

    static byte[] payload(int length, long seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
