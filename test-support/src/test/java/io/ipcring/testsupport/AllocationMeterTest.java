package io.ipcring.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllocationMeterTest {
    private static volatile Object sink;

    @BeforeEach
    void countingIsOn() {
        assumeTrue(AllocationMeter.isAvailable(), "the JVM counts allocation per thread");
    }

    @Test
    void anAllocationBetweenStartAndBytesIsCounted() {
        AllocationMeter meter = AllocationMeter.start();
        sink = new byte[1 << 20];
        long bytes = meter.bytes();
        assertTrue(bytes >= 1 << 20 && bytes < 2 << 20, bytes + " bytes for a 1 MiB array");
    }

    @Test
    void codeThatAllocatesNothingCountsUnderAKibibyte() {
        long sum = 0;
        for (int round = 0; round < 3; round++) {
            AllocationMeter meter = AllocationMeter.start();
            for (int i = 0; i < 100_000; i++) {
                sum += i ^ round;
            }
            long bytes = meter.bytes();
            if (bytes < 1024) {
                return;
            }
        }
        throw new AssertionError("three rounds of arithmetic counted 1 KiB or more each (sum " + sum + ")");
    }

    @Test
    void nothingBetweenStartAndBytesCountsZeroNotTheMetersOwnAllocation() {
        long[] rounds = new long[10];
        for (int round = 0; round < rounds.length; round++) {
            rounds[round] = AllocationMeter.start().bytes();
            if (rounds[round] == 0) {
                return;
            }
        }
        throw new AssertionError("bytes counted with nothing measured, by round: " + java.util.Arrays.toString(rounds));
    }

    @Test
    void theThreadCountGrowsWithAllocation() {
        long before = AllocationMeter.threadAllocatedBytes();
        sink = new long[1 << 16];
        assertTrue(AllocationMeter.threadAllocatedBytes() - before >= 8L << 16);
    }

    @Test
    void aMeterReadFromAnotherThreadIsRefused() throws Exception {
        AllocationMeter meter = AllocationMeter.start();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> failure.set(assertThrows(IllegalStateException.class, meter::bytes)), "other");
        other.start();
        other.join();
        assertTrue(failure.get().getMessage().contains("thread=other"), failure.get().getMessage());
        assertEquals(IllegalStateException.class, failure.get().getClass());
    }
}
