package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PeerCredentialsTest {
    @Test
    void namesComeFromTheUserAndGroupDatabases() {
        PeerCredentials root = new PeerCredentials(1, 0, 0);
        assertEquals("root", root.user());
        assertEquals("root", root.group());
    }

    @Test
    void idsWithoutANameAreShownAsNumbers() {
        PeerCredentials nameless = new PeerCredentials(1, 2_000_000_001, 2_000_000_002);
        assertEquals("2000000001", nameless.user());
        assertEquals("2000000002", nameless.group());
    }
}
