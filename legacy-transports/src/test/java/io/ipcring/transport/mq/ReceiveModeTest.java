package io.ipcring.transport.mq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReceiveModeTest {
    @Test
    void encodesMsgrcvsThreeModes() {
        assertEquals(2, ReceiveMode.exactly(2).msgtyp());
        assertEquals(0, ReceiveMode.any().msgtyp());
        assertEquals(-5, ReceiveMode.lowestUpTo(5).msgtyp());
        assertEquals(-Integer.MAX_VALUE, ReceiveMode.lowestUpTo(Integer.MAX_VALUE).msgtyp());
    }

    @Test
    void decodesTheUriTypeParameter() {
        assertEquals(ReceiveMode.exactly(2), ReceiveMode.ofMsgtyp(2));
        assertSame(ReceiveMode.any(), ReceiveMode.ofMsgtyp(0));
        assertEquals(ReceiveMode.lowestUpTo(5), ReceiveMode.ofMsgtyp(-5));
        assertNotEquals(ReceiveMode.exactly(5), ReceiveMode.lowestUpTo(5));
        assertThrows(IllegalArgumentException.class, () -> ReceiveMode.ofMsgtyp(1L + Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> ReceiveMode.ofMsgtyp(Integer.MIN_VALUE));
    }

    @Test
    void rejectsNonPositiveTypes() {
        assertThrows(IllegalArgumentException.class, () -> ReceiveMode.exactly(0));
        assertThrows(IllegalArgumentException.class, () -> ReceiveMode.lowestUpTo(-3));
    }

    @Test
    void printsAsTheFactoryCall() {
        assertEquals("exactly(2)", ReceiveMode.exactly(2).toString());
        assertEquals("any()", ReceiveMode.any().toString());
        assertEquals("lowestUpTo(5)", ReceiveMode.lowestUpTo(5).toString());
    }
}
