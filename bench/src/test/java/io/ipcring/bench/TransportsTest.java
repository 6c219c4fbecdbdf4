package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Channels;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportsTest {
    @Test
    void everyNameOfTheIssueIsRegistered() {
        assertEquals(new HashSet<>(List.of("spin-baseline", "shm-spsc", "shm-mpsc", "shm-broadcast", "shm-workqueue",
                "shm-spsc-blocking", "ring-queue", "pipe", "fifo", "posix-mq", "sysv-mq", "unix", "tcp", "agrona-o2o",
                "agrona-m2o", "aeron-ipc", "chronicle-queue", "shm-spsc-batch", "journal", "journal-blocking")), new HashSet<>(Transports.names()));
        assertEquals("spin-baseline", Transports.names().get(0));
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transports.get("shm-nope"));
        assertTrue(e.getMessage().contains("spin-baseline"));
    }

    @Test
    void baselineAndPeersAreAvailableWithTheirFlags() {
        for (String name : List.of("spin-baseline", "agrona-o2o", "agrona-m2o", "aeron-ipc", "chronicle-queue")) {
            assertNull(Transports.get(name).unavailableReason(), name);
            assertEquals("busy-spin", Transports.get(name).mode());
        }
        assertEquals(List.of(), Transports.get("spin-baseline").jvmFlags());
        assertTrue(Transports.get("agrona-o2o").jvmFlags().contains("java.base/jdk.internal.misc=ALL-UNNAMED"));
        assertTrue(Transports.get("chronicle-queue").jvmFlags().contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"));
    }

    @Test
    void channelTransportsAreAvailableExactlyWhenTheirSchemeIs() {
        for (String name : Transports.names()) {
            if (Transports.get(name) instanceof ChannelTransport t) {
                boolean provided = Channels.schemes().containsKey(t.scheme());
                String reason = t.unavailableReason();
                assertEquals(provided, reason == null, name + ": " + reason);
                if (!provided) {
                    assertTrue(reason.contains("'" + t.scheme() + "'"), reason);
                }
            }
        }
    }

    @Test
    void blockingVariantsAreMarkedBlocking() {
        assertEquals("blocking", Transports.get("shm-spsc-blocking").mode());
        assertEquals("busy-spin", Transports.get("shm-spsc").mode());
        assertEquals("blocking", Transports.get("unix").mode());
    }

    @Test
    void systemVQueuesAreMarkedBackoffSinceTheirTimedCallsRetryWithoutWaitingInTheKernel() {
        assertEquals("backoff", Transports.get("sysv-mq").mode());
        assertEquals("blocking", Transports.get("posix-mq").mode());
    }
}
