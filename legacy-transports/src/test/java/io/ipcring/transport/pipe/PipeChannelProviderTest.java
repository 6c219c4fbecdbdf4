package io.ipcring.transport.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.channel.Channels;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scheme's registration. Opening {@code pipe:stdio} for real would take over the test
 * runner's own stdin/stdout, so the child processes of {@link PipeProcessTest} and
 * {@link PipeChannelContractTest} open it; the refused URIs are the channel contract's.
 */
class PipeChannelProviderTest {
    @Test
    void servesThePipeScheme() {
        assertEquals(Set.of("pipe"), new PipeChannelProvider().schemes());
        assertEquals(PipeChannelProvider.class.getName(), Channels.schemes().get("pipe"));
    }
}
