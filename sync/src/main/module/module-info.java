/**
 * ipcring's shared-memory and synchronisation layer: mapped regions, futexes, robust mutexes,
 * semaphores, events, latches and sequence locks that work across processes.
 *
 * <p>{@code io.ipcring.sync} is the API. {@code io.ipcring.sync.os}, the native binding (system
 * calls through jnr-ffi on Java 17 to 21, through {@code java.lang.foreign} on 22 and later, chosen
 * at run time by the multi-release jar), is exported only to ipcring's own transports. On the
 * module path, Java 22 and later want {@code --enable-native-access=io.ipcring.sync}.
 */
module io.ipcring.sync {
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;
    // JnrMappedFile unmaps through sun.misc.Unsafe.invokeCleaner on Java 17 to 21 only.
    requires jdk.unsupported;
    // ChildJvmFlags reads this JVM's input arguments to hand ipcring's flags to the JVMs it starts.
    requires java.management;

    exports io.ipcring.sync;
    exports io.ipcring.sync.os to io.ipcring.ring, io.ipcring.transport;

    // Not API: jnr-ffi implements this package's libc interface with a class it generates in
    // an unnamed module of its own, which must be able to read it (Java 17 to 21).
    exports io.ipcring.sync.os.jnr;
}
