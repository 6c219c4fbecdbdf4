package io.ipcring.cli;

/** A command cannot do what was asked; the message says what was wrong, for one line on stderr. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with the value concerned */
    CliException(String message) {
        super(message);
    }
}
