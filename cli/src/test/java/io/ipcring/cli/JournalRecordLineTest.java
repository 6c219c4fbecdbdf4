package io.ipcring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JournalRecordLineTest {
    @Test
    void sequenceIsoTimeTypeLengthAndPayload() {
        ByteBuffer buffer = ByteBuffer.wrap("xxhello".getBytes(StandardCharsets.UTF_8));
        long time = 1_796_698_800_123_456_789L;
        assertEquals("seq=42 time=2026-12-08T03:00:00.123456789Z type=7 length=5 \"hello\"",
                JournalRecordLine.format(42, time, 7, buffer, 2, 5, false));
        assertEquals("seq=0 time=1969-12-31T23:59:59.999999999Z type=1 length=2 hex:7878",
                JournalRecordLine.format(0, -1, 1, buffer, 0, 2, true));
    }
}
