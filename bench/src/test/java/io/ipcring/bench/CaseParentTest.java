package io.ipcring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A case process started directly (without the runner's availability check) for transports that
 * can only fail to open: the parent and the child both give up, and the result says "not
 * available" with the transport's reason, whichever side notices first.
 */
class CaseParentTest {
    private static CaseResult runCase(String transport) throws Exception {
        TestPaths paths = new TestPaths();
        Path dir = paths.next("caseparent");
        CaseSpec spec = new CaseSpec(transport, 32, 0, 1, 2, 10, dir, "t", -1);
        Process p = new ProcessBuilder(JvmCommand.of(List.of(), List.of(), CaseParent.class, spec.toArgs()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String line = out.lines().filter(l -> l.startsWith(ResultLine.PREFIX)).findFirst()
                    .orElseThrow(() -> new AssertionError("no result line in: " + out));
            return ResultLine.decode(line);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            paths.close();
            assertFalse(Files.exists(dir));
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parentFirstTransportThatCannotOpenIsNotAvailable() throws Exception {
        CaseResult r = runCase(Transports.CLASS_PREFIX + NeverOpensTransport.ParentFirst.class.getName());
        assertFalse(r.available(), r.reason());
        assertEquals(NeverOpensTransport.REASON, r.reason());
        assertTrue(r.floorP50Ns() == null, "an unavailable result carries no figures");
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void concurrentOpenTransportThatCannotOpenIsNotAvailable() throws Exception {
        CaseResult r = runCase(Transports.CLASS_PREFIX + NeverOpensTransport.class.getName());
        assertFalse(r.available(), r.reason());
        assertEquals(NeverOpensTransport.REASON, r.reason());
    }
}
