package io.ipcring.sync.os;

/** Stand-in until the java.lang.foreign binding lands: still jnr-ffi. */
final class FfmOsCalls extends JnrOsCalls {
}
