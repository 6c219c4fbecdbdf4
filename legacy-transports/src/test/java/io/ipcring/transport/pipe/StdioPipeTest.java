package io.ipcring.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.transport.StreamOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StdioPipeTest {
    private static final ProcessHandle PARENT = ProcessHandle.current().parent().orElseThrow();

    @Test
    void onlyTheParentNamedByTheMarkerMakesTheStdioOurs() {
        assertTrue(StdioPipe.startedByPipeProcess(Long.toString(PARENT.pid()), Optional.of(PARENT)));
        assertFalse(StdioPipe.startedByPipeProcess(null, Optional.of(PARENT)), "no marker: maybe shared");
        assertFalse(StdioPipe.startedByPipeProcess(Long.toString(PARENT.pid() + 1), Optional.of(PARENT)),
                "a marker inherited from a grandparent names another process");
        assertFalse(StdioPipe.startedByPipeProcess("12ab", Optional.of(PARENT)));
        assertFalse(StdioPipe.startedByPipeProcess(Long.toString(PARENT.pid()), Optional.empty()), "parent gone");
    }

    @Test
    void opensAtLeastOneDirection() {
        assertThrows(IllegalArgumentException.class, () -> StdioPipe.open("pipe:stdio", StreamOptions.defaults(), false, false));
    }
}
