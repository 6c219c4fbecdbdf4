package io.ipcring.transport.mq;

import io.ipcring.testsupport.TestPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique queue names and keys for one test, and their removal afterwards: every POSIX name and
 * System V key handed out is unlinked or removed by {@link #removeAll()}, which also checks that
 * nothing is left.
 */
final class TestQueues {
    private static final int KEY_PREFIX = 0x49520000;

    private final List<String> names = new ArrayList<>();
    private final List<Integer> keys = new ArrayList<>();

    /** @return a POSIX queue name no queue has now, e.g. {@code /ipcring-test-mq-1234-5f3a} */
    String posixName() {
        for (;;) {
            String name = "/" + TestPaths.uniqueName("mq");
            if (!PosixMessageQueue.exists(name)) {
                names.add(name);
                return name;
            }
        }
    }

    /** @return a System V key in 0x4952xxxx ("IR") that no queue has now */
    int sysvKey() {
        for (;;) {
            int key = KEY_PREFIX | ThreadLocalRandom.current().nextInt(1, 0x10000);
            if (!SysVMessageQueue.exists(key) && !keys.contains(key)) {
                keys.add(key);
                return key;
            }
        }
    }

    /**
     * Unlinks and removes everything handed out.
     *
     * @throws AssertionError when a queue is still there afterwards
     */
    void removeAll() {
        for (String name : names) {
            PosixMessageQueue.unlink(name);
            if (PosixMessageQueue.exists(name)) {
                throw new AssertionError("POSIX queue " + name + " still exists after mq_unlink");
            }
        }
        for (int key : keys) {
            SysVMessageQueue.remove(key);
            if (SysVMessageQueue.exists(key)) {
                throw new AssertionError(String.format("System V queue 0x%08x still exists after IPC_RMID", key));
            }
        }
        names.clear();
        keys.clear();
    }

    /**
     * @return true when this process has CAP_SYS_RESOURCE, which lets it exceed msg_max,
     *         msgsize_max and msgmnb (bit 24 of CapEff in /proc/self/status)
     */
    static boolean hasCapSysResource() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16) & (1L << 24)) != 0;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @param key a key @return its URI target in hexadecimal */
    static String hex(int key) {
        return String.format("0x%08x", key);
    }
}
