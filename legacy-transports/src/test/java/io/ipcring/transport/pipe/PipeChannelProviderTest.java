package io.ipcring.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.Channels;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Only the refusals are tested in this JVM: opening {@code pipe:stdio} for real would take over
 * the test runner's own stdin/stdout. The child processes of {@link PipeProcessTest} open it.
 */
class PipeChannelProviderTest {
    @Test
    void servesThePipeScheme() {
        assertEquals(Set.of("pipe"), new PipeChannelProvider().schemes());
        assertEquals(PipeChannelProvider.class.getName(), Channels.schemes().get("pipe"));
    }

    @Test
    void onlyStdioCanBeOpenedByUri() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.publisher("pipe:/bin/cat"));
        assertTrue(e.getMessage().contains("PipeProcess.start"), e.getMessage());
    }

    @Test
    void unknownParametersAreRefusedBeforeAnythingIsOpened() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Channels.subscriber("pipe:stdio?maxMesage=1k"));
        assertTrue(e.getMessage().contains("maxMesage"), e.getMessage());
    }
}
