package io.ipcring.bench;

/** The other process of a case gave up, so this one stops without figures. */
final class CaseAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why */
    CaseAbortedException(String message) {
        super(message);
    }
}
