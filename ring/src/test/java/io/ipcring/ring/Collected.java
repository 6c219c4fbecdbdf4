package io.ipcring.ring;

import io.ipcring.channel.MessageHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A handler that copies every message it gets, for assertions. */
public final class Collected implements MessageHandler {
    public record Message(int type, byte[] payload) {
    }

    public final List<Message> messages = new ArrayList<>();

    @Override
    public void onMessage(int type, ByteBuffer buffer, int offset, int length) {
        if (!buffer.isReadOnly()) {
            throw new AssertionError("handler got a writable buffer");
        }
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        messages.add(new Message(type, copy));
    }

    public static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
