package io.ipcring.transport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcring.channel.ChannelException;
import io.ipcring.transport.Frames;
import io.ipcring.transport.internal.FdStream;
import io.ipcring.transport.internal.NativeIo;
import java.nio.ByteBuffer;

/** The server contract over a FIFO: peers register by control frames and are answered on FIFOs of their own. */
class FifoMessageServerTest extends MessageServerContract {
    @Override
    String serverUri() {
        return "fifo:" + dir.resolve("server");
    }

    @Override
    String replyingClientUri(String clientUri) {
        return clientUri + "?replies=true&connectTimeout=10000";
    }

    @Override
    long peerPid(long pid) {
        return pid;
    }

    @Override
    void assertIdentity(Peer peer) {
        assertTrue(peer.peerCredentials().isEmpty(), "a FIFO has no kernel record of its writer");
        assertTrue(peer.address().startsWith(dir.path().toString()), "the reply FIFO beside the server's: " + peer.address());
    }

    @Override
    RawWriter rawWriter(MessageServer server) {
        String path = server.clientUri().substring("fifo:".length());
        FdStream out = FdStream.nonBlocking(NativeIo.open(path, NativeIo.O_WRONLY | NativeIo.O_NONBLOCK), "raw writer of " + path);
        return new RawWriter() {
            @Override
            public void write(byte[] bytes) {
                ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                assertEquals(bytes.length, out.write(new ByteBuffer[] {b}, 0, 1), "one atomic write");
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }

    @Override
    String expectedError(Frames.Hostile hostile) {
        // every writer writes whole frames, so a partial one is seen at once as truncated
        switch (hostile) {
            case TRUNCATED_HEADER:
                return "truncated frame: the stream is empty after 3 of 8 bytes";
            case TRUNCATED_PAYLOAD:
                return "truncated frame: the stream is empty after 18 of 108 bytes";
            default:
                return hostile.expectedError();
        }
    }

    @Override
    void assertDepartureCause(ChannelException cause) {
        assertNull(cause, "an UNREGISTER is a clean departure");
    }
}
