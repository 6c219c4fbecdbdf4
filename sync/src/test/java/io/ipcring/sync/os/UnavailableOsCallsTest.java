package io.ipcring.sync.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.testsupport.ChildJvm;
import io.ipcring.testsupport.TestPaths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnavailableOsCallsTest {
    /** What jnr-ffi threw when jffi could not write its stub under {@code ulimit -f 64} (Java 17). */
    private static UnsatisfiedLinkError stubNotWritten() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("could not load FFI provider jnr.ffi.provider.jffi.Provider");
        e.initCause(new UnsatisfiedLinkError("could not get native definition for type `POINTER`, original error message"
                + " follows: java.io.IOException: Unable to write jffi binary stub to `/tmp`. Set `TMPDIR` or Java"
                + " property `java.io.tmpdir` to a read/write path that is not mounted \"noexec\".\n\tat com.kenai.jffi"
                + ".internal.StubLoader.tempReadonlyError(StubLoader.java:553)\nCaused by: java.io.IOException: File too large"));
        return e;
    }

    @Test
    void aStubThatTheFileSizeLimitStoppedIsExplainedWithTheLimitAndTheWaysOut() {
        String message = UnavailableOsCalls.explain("jnr-ffi", stubNotWritten(), "/tmp", 65536);
        assertTrue(message.startsWith("ipcring's native layer (jnr-ffi) could not load, so no ring, primitive or transport"
                + " works in this JVM: jffi writes its stub library (about 140 KiB) to java.io.tmpdir=/tmp"), message);
        assertTrue(message.contains("file size limit (RLIMIT_FSIZE) is 65536 bytes (ulimit -f 64"), message);
        assertTrue(message.contains("-Djffi.boot.library.path") && message.contains("Java 22"), message);
        assertFalse(message.contains("\tat "), "no stack trace inside the message: " + message);
    }

    @Test
    void aStubThatCouldNotBeWrittenWithoutALimitPointsAtTheDirectory() {
        String message = UnavailableOsCalls.explain("jnr-ffi", stubNotWritten(), "/readonly", UnavailableOsCalls.UNLIMITED);
        assertTrue(message.contains("jffi could not write its stub library to java.io.tmpdir=/readonly: set"
                + " -Djava.io.tmpdir or -Djffi.extract.dir"), message);
    }

    @Test
    void anyOtherFailureIsNamed() {
        String message = UnavailableOsCalls.explain("java.lang.foreign",
                new UnsupportedOperationException("ipcring runs on Linux x86-64 and aarch64"), "/tmp", 65536);
        assertEquals("ipcring's native layer (java.lang.foreign) could not load, so no ring, primitive or transport works"
                + " in this JVM: java.lang.UnsupportedOperationException: ipcring runs on Linux x86-64 and aarch64", message);
    }

    @Test
    void everyCallThrowsTheSameExplanationWithTheFailureAsCause() {
        UnsatisfiedLinkError failure = stubNotWritten();
        OsCalls calls = UnavailableOsCalls.of("jnr-ffi", failure);
        NativeLayerUnavailableException first = assertThrows(NativeLayerUnavailableException.class, calls::geteuid);
        NativeLayerUnavailableException second = assertThrows(NativeLayerUnavailableException.class,
                () -> calls.open("/dev/null", 0, 0));
        assertEquals(first.getMessage(), second.getMessage());
        assertSame(failure, second.getCause());
        assertTrue(calls.toString().startsWith("OsCalls(unavailable: "));
    }

    /**
     * Under {@code ulimit -f 64}: on Java 17–21 jffi cannot write its stub, and every attempt gets
     * the same clear exception (it was UnsatisfiedLinkError, then NoClassDefFoundError "Could not
     * initialize class"); on Java 22+ no stub is written and small regions work, while a region
     * larger than the limit gets the existing EFBIG message.
     */
    @Test
    void underASmallFileSizeLimitTheNativeLayerFailsClearlyOrWorks() throws Exception {
        try (TestPaths paths = new TestPaths();
             ChildJvm child = ChildJvm.start(List.of("bash", "-c", "ulimit -f 64 && exec \"$@\"", "ulimit-f-64"),
                     ChildJvm.thisJava(), ChildJvmFlags.forIpcring(), ChildJvm.thisClassPath(), NativeLayerChild.class,
                     paths.next("fsize-small").toString(), paths.next("fsize-large").toString())) {
            assertEquals(0, child.waitFor(60, TimeUnit.SECONDS), child.output());
            List<String> lines = child.output().lines().filter(l -> l.startsWith("small ") || l.startsWith("large: ")).toList();
            assertEquals(4, lines.size(), child.output());
            if (Runtime.version().feature() < 22) {
                String expected = NativeLayerUnavailableException.class.getName() + ": ipcring's native layer (jnr-ffi)"
                        + " could not load";
                for (int attempt = 0; attempt < 3; attempt++) {
                    String line = lines.get(attempt).substring(("small " + attempt + ": ").length());
                    assertTrue(line.startsWith(expected) && line.contains("(RLIMIT_FSIZE) is 65536 bytes"), child.output());
                    assertEquals(lines.get(0).substring(9), line, "the same message on every call");
                }
            } else {
                assertEquals(List.of("small 0: OK", "small 1: OK", "small 2: OK"), lines.subList(0, 3), child.output());
                assertTrue(lines.get(3).contains("exceed this process's file size limit (RLIMIT_FSIZE"), child.output());
            }
            assertFalse(child.output().contains("NoClassDefFoundError"), child.output());
        }
    }
}
