package io.ipcring.transport.mq;

/**
 * Which message a System V queue receive takes, msgrcv's three modes: exactly one type, the first
 * message of any type, or the first message of the lowest type up to a bound. In a URI it is the
 * {@code type=} parameter with msgrcv's own encoding: {@code type=2} exactly 2, {@code type=0}
 * any, {@code type=-5} the lowest type ≤ 5.
 */
public final class ReceiveMode {
    private static final ReceiveMode ANY = new ReceiveMode(0);

    private final long msgtyp;

    private ReceiveMode(long msgtyp) {
        this.msgtyp = msgtyp;
    }

    /**
     * @param type the one type to receive, positive
     * @return the mode that receives the first message of exactly this type (msgtyp {@code > 0})
     */
    public static ReceiveMode exactly(int type) {
        checkPositive(type);
        return new ReceiveMode(type);
    }

    /** @return the mode that receives the first message of any type, in sending order (msgtyp 0) */
    public static ReceiveMode any() {
        return ANY;
    }

    /**
     * @param type the highest type to consider, positive
     * @return the mode that receives the first message of the lowest type {@code <= type} (msgtyp
     *         {@code < 0}): types act as priorities, lower first
     */
    public static ReceiveMode lowestUpTo(int type) {
        checkPositive(type);
        return new ReceiveMode(-(long) type);
    }

    /**
     * @param msgtyp msgrcv's encoding, as in the URI's {@code type=}: positive exactly, 0 any,
     *               negative the lowest type up to its magnitude
     * @return the mode
     * @throws IllegalArgumentException when its magnitude exceeds the int32 message types
     */
    public static ReceiveMode ofMsgtyp(long msgtyp) {
        if (msgtyp < -Integer.MAX_VALUE || msgtyp > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("type=" + msgtyp + " must be in [" + -Integer.MAX_VALUE + ", "
                    + Integer.MAX_VALUE + "]: positive receives exactly that type, 0 any type, negative the lowest type up to -type");
        }
        return msgtyp == 0 ? ANY : new ReceiveMode(msgtyp);
    }

    /** @return the msgtyp argument of msgrcv */
    public long msgtyp() {
        return msgtyp;
    }

    private static void checkPositive(int type) {
        if (type <= 0) {
            throw new IllegalArgumentException("type=" + type + " must be positive");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceiveMode && ((ReceiveMode) o).msgtyp == msgtyp;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msgtyp);
    }

    @Override
    public String toString() {
        return msgtyp > 0 ? "exactly(" + msgtyp + ")" : msgtyp == 0 ? "any()" : "lowestUpTo(" + -msgtyp + ")";
    }
}
