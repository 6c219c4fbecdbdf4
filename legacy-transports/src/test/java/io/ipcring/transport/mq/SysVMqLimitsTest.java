package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SysVMqLimitsTest {
    private final SysVMqLimits defaults = new SysVMqLimits(8192, 16384, 32000);

    @Test
    void readsMsgmaxInForceOrTheKernelDefault() {
        assertEquals(ProcValues.read(SysVMqLimits.DIRECTORY.resolve("msgmax")), SysVMqLimits.read().msgmax());
        assertEquals(8192, new SysVMqLimits(-1, -1, -1).msgmax());
    }

    @Test
    void explainsATooLongMessage() {
        String why = defaults.explainMessageTooLong(9000);
        assertTrue(why.contains("9000 bytes") && why.contains("/proc/sys/kernel/msgmax=8192")
                && why.contains("sysctl -w kernel.msgmax=9000"), why);
    }

    @Test
    void explainsAQueueTooSmallForAMessage() {
        String why = defaults.explainQueueTooSmall(5000, 4096);
        assertTrue(why.contains("msg_qbytes=4096") && why.contains("/proc/sys/kernel/msgmnb=16384")
                && why.contains("queueBytes="), why);
    }

    @Test
    void explainsARefusedByteLimitAndTheQueueCount() {
        String bytes = defaults.explainQueueBytesRefused(65536);
        assertTrue(bytes.contains("queueBytes=65536 exceeds /proc/sys/kernel/msgmnb=16384") && bytes.contains("CAP_SYS_RESOURCE")
                && bytes.contains("sysctl -w kernel.msgmnb=65536"), bytes);
        String count = defaults.explainTooManyQueues();
        assertTrue(count.contains("/proc/sys/kernel/msgmni=32000") && count.contains("ipcrm -q"), count);
    }
}
