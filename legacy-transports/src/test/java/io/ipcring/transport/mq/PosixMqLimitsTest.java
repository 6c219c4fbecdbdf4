package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PosixMqLimitsTest {
    private final PosixMqLimits defaults = new PosixMqLimits(10, 8192, 256, 10, 8192, 819200);

    @Test
    void readsTheLimitsInForce() {
        PosixMqLimits limits = PosixMqLimits.read();
        assertEquals(ProcValues.read(PosixMqLimits.DIRECTORY.resolve("msg_max")), limits.msgMax());
        assertEquals(ProcValues.read(PosixMqLimits.DIRECTORY.resolve("msgsize_max")), limits.msgsizeMax());
        assertTrue(limits.msgMax() > 0 && limits.msgsizeMax() > 0);
    }

    @Test
    void defaultsComeFromProcOrTheKernelDefaults() {
        assertEquals(10, defaults.defaultMaxMessages());
        assertEquals(8192, defaults.defaultMessageSize());
        PosixMqLimits unknown = new PosixMqLimits(-1, -1, -1, -1, -1, -1);
        assertEquals(10, unknown.defaultMaxMessages());
        assertEquals(8192, unknown.defaultMessageSize());
    }

    @Test
    void namesTheTunableAndTheSysctlForTooManyMessages() {
        String why = defaults.explainInvalid(11, 100);
        assertTrue(why.contains("maxMessages=11 exceeds /proc/sys/fs/mqueue/msg_max=10"), why);
        assertTrue(why.contains("sysctl -w fs.mqueue.msg_max=11"), why);
    }

    @Test
    void namesTheTunableAndTheSysctlForTooLargeMessages() {
        String why = defaults.explainInvalid(10, 8200);
        assertTrue(why.contains("message size 8200 (maxMessage + 8-byte frame header) exceeds /proc/sys/fs/mqueue/msgsize_max=8192"), why);
        assertTrue(why.contains("sysctl -w fs.mqueue.msgsize_max=8200"), why);
    }

    @Test
    void namesBothWhenBothAreExceeded() {
        String why = defaults.explainInvalid(20, 9000);
        assertTrue(why.contains("msg_max=10") && why.contains("msgsize_max=8192"), why);
    }

    @Test
    void namesTheHardCeilingsNoSettingRaises() {
        String why = new PosixMqLimits(100_000, 1L << 30, 256, 10, 8192, 819200)
                .explainInvalid(PosixMqLimits.HARD_MSGMAX + 1, PosixMqLimits.HARD_MSGSIZEMAX + 1);
        assertTrue(why.contains("HARD_MSGMAX=65536"), why);
        assertTrue(why.contains("HARD_MSGSIZEMAX=16777216"), why);
    }

    @Test
    void saysWhenNoKnownLimitWasExceeded() {
        String why = defaults.explainInvalid(5, 100);
        assertTrue(why.contains("within") && why.contains("rejected the name or the attributes"), why);
    }

    @Test
    void explainsTheMemoryLimitAndTheQueueCount() {
        String memory = defaults.explainTooManyBytesOrFiles(10, 8192);
        assertTrue(memory.contains("RLIMIT_MSGQUEUE=819200") && memory.contains("ulimit -q") && memory.contains("81920"), memory);
        String count = defaults.explainTooManyQueues();
        assertTrue(count.contains("/proc/sys/fs/mqueue/queues_max=256") && count.contains("sysctl -w fs.mqueue.queues_max"), count);
    }
}
