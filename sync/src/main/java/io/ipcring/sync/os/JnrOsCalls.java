package io.ipcring.sync.os;

import com.kenai.jffi.MemoryIO;
import io.ipcring.sync.os.jnr.JnrLibc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * {@link OsCalls} through jnr-ffi, for Java 17–21. Never loaded on Java 22+, where the
 * multi-release jar's {@link Binding} picks {@code java.lang.foreign} instead.
 *
 * <p>Pointers cross as {@code long} native addresses, so a call allocates nothing; Java arrays
 * are copied by jnr-ffi to native memory and back in native byte order.
 */
final class JnrOsCalls implements OsCalls {

    /** Bytes for the strings {@code getpwuid_r}/{@code getgrgid_r} copy out (glibc's suggested size). */
    private static final int NAME_BUFFER_BYTES = 16 * 1024;
    /** Bytes for a {@code struct passwd} (48) or {@code struct group} (32) plus the result pointer. */
    private static final int ENTRY_BYTES = 64;
    private static final int RESULT_OFFSET = 56;

    private final JnrLibc libc = load();
    private final Runtime runtime = Runtime.getRuntime(libc);

    private static JnrLibc load() {
        Platform.requireSupported();
        try {
            return LibraryLoader.create(JnrLibc.class).library("c").load();
        } catch (UnsatisfiedLinkError e) {
            // glibc before 2.34 keeps the semaphore functions in libpthread and mq_* in librt
            try {
                return LibraryLoader.create(JnrLibc.class).library("c").library("pthread").library("rt").load();
            } catch (UnsatisfiedLinkError again) {
                // the first failure may be the one that names the cause (jffi's stub not written)
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    @Override
    public int errno() {
        return LastError.getLastError(runtime);
    }

    @Override
    public String strerror(int errno) {
        return libc.strerror(errno);
    }

    @Override
    public long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        long address = MemoryIO.getInstance().getDirectBufferAddress(direct);
        if (address == 0) {
            throw new IllegalStateException("the JVM gave no address for direct buffer " + direct);
        }
        return address;
    }

    @Override
    public MappedFile map(FileChannel channel, boolean readOnly, long size) throws IOException {
        return JnrMappedFile.map(channel, readOnly, size, this);
    }

    @Override
    public int open(String path, int flags, int mode) {
        return libc.open(path, flags, mode);
    }

    @Override
    public int close(int fd) {
        return libc.close(fd);
    }

    @Override
    public int fchmod(int fd, int mode) {
        return libc.fchmod(fd, mode);
    }

    @Override
    public int posix_fallocate(int fd, long offset, long length) {
        return libc.posix_fallocate(fd, offset, length);
    }

    @Override
    public int msync(long address, long length, int flags) {
        return libc.msync(address, length, flags);
    }

    @Override
    public int mkfifo(String path, int mode) {
        return libc.mkfifo(path, mode);
    }

    @Override
    public int fstat(int fd, long statBuffer) {
        return libc.fstat(fd, statBuffer);
    }

    @Override
    public int lstat(String path, long statBuffer) {
        return libc.lstat(path, statBuffer);
    }

    @Override
    public int fcntl(int fd, int command, int argument) {
        return libc.fcntl(fd, command, argument);
    }

    @Override
    public int pipe2(int[] fds, int flags) {
        return libc.pipe2(fds, flags);
    }

    @Override
    public int dup2(int oldFd, int newFd) {
        return libc.dup2(oldFd, newFd);
    }

    @Override
    public long read(int fd, long buffer, long count) {
        return libc.read(fd, buffer, count);
    }

    @Override
    public long write(int fd, long buffer, long count) {
        return libc.write(fd, buffer, count);
    }

    @Override
    public long writev(int fd, long iov, int iovcnt) {
        return libc.writev(fd, iov, iovcnt);
    }

    @Override
    public long preadv2(int fd, long iov, int iovcnt, long offset, int flags) {
        return libc.preadv2(fd, iov, iovcnt, offset, flags);
    }

    @Override
    public long pwritev2(int fd, long iov, int iovcnt, long offset, int flags) {
        return libc.pwritev2(fd, iov, iovcnt, offset, flags);
    }

    @Override
    public int poll(long fds, long count, int timeoutMillis) {
        return libc.poll(fds, count, timeoutMillis);
    }

    @Override
    public int kill(int pid, int signal) {
        return libc.kill(pid, signal);
    }

    @Override
    public int geteuid() {
        return libc.geteuid();
    }

    @Override
    public int setuid(int uid) {
        return libc.setuid(uid);
    }

    @Override
    public int setgid(int gid) {
        return libc.setgid(gid);
    }

    @Override
    public int umask(int mask) {
        return libc.umask(mask);
    }

    @Override
    public String userName(int uid) {
        ByteBuffer entry = ByteBuffer.allocateDirect(ENTRY_BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer strings = ByteBuffer.allocateDirect(NAME_BUFFER_BYTES);
        long base = address(entry);
        int error = libc.getpwuid_r(uid, base, address(strings), NAME_BUFFER_BYTES, base + RESULT_OFFSET);
        return error != 0 || entry.getLong(RESULT_OFFSET) == 0 ? null : cString(entry.getLong(0));
    }

    @Override
    public String groupName(int gid) {
        ByteBuffer entry = ByteBuffer.allocateDirect(ENTRY_BYTES).order(ByteOrder.nativeOrder());
        ByteBuffer strings = ByteBuffer.allocateDirect(NAME_BUFFER_BYTES);
        long base = address(entry);
        int error = libc.getgrgid_r(gid, base, address(strings), NAME_BUFFER_BYTES, base + RESULT_OFFSET);
        return error != 0 || entry.getLong(RESULT_OFFSET) == 0 ? null : cString(entry.getLong(0));
    }

    private static String cString(long address) {
        MemoryIO memory = MemoryIO.getInstance();
        int length = Math.toIntExact(memory.getStringLength(address));
        byte[] bytes = new byte[length];
        memory.getByteArray(address, bytes, 0, length);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int clock_gettime(int clock, long[] timespec) {
        return libc.clock_gettime(clock, timespec);
    }

    @Override
    public int clock_gettime(int clock, long timespecAddress) {
        return libc.clock_gettime(clock, timespecAddress);
    }

    @Override
    public long syscall(long number, long a1, long a2, long a3, long a4, long a5) {
        return libc.syscall(number, a1, a2, a3, a4, a5);
    }

    @Override
    public long sem_open(String name, int flags, int mode, int value) {
        return libc.sem_open(name, flags, mode, value);
    }

    @Override
    public int sem_close(long semaphore) {
        return libc.sem_close(semaphore);
    }

    @Override
    public int sem_unlink(String name) {
        return libc.sem_unlink(name);
    }

    @Override
    public int sem_post(long semaphore) {
        return libc.sem_post(semaphore);
    }

    @Override
    public int sem_trywait(long semaphore) {
        return libc.sem_trywait(semaphore);
    }

    @Override
    public int sem_timedwait(long semaphore, long[] absoluteTimespec) {
        return libc.sem_timedwait(semaphore, absoluteTimespec);
    }

    @Override
    public int sem_getvalue(long semaphore, int[] value) {
        return libc.sem_getvalue(semaphore, value);
    }

    @Override
    public int ftok(String path, int projectId) {
        return libc.ftok(path, projectId);
    }

    @Override
    public int semget(int key, int count, int flags) {
        return libc.semget(key, count, flags);
    }

    @Override
    public int semop(int semaphoreId, short[] operations, long count) {
        return libc.semop(semaphoreId, operations, count);
    }

    @Override
    public int semtimedop(int semaphoreId, short[] operations, long count, long[] relativeTimespec) {
        return libc.semtimedop(semaphoreId, operations, count, relativeTimespec);
    }

    @Override
    public int semctl(int semaphoreId, int index, int command, long argument) {
        return libc.semctl(semaphoreId, index, command, argument);
    }

    @Override
    public int semctl(int semaphoreId, int index, int command, short[] values) {
        return libc.semctl(semaphoreId, index, command, values);
    }

    @Override
    public int semctl(int semaphoreId, int index, int command, long[] semidDs) {
        return libc.semctl(semaphoreId, index, command, semidDs);
    }

    @Override
    public int msgget(int key, int flags) {
        return libc.msgget(key, flags);
    }

    @Override
    public int msgsnd(int queueId, long message, long length, int flags) {
        return libc.msgsnd(queueId, message, length, flags);
    }

    @Override
    public long msgrcv(int queueId, long message, long length, long type, int flags) {
        return libc.msgrcv(queueId, message, length, type, flags);
    }

    @Override
    public int msgctl(int queueId, int command, long status) {
        return libc.msgctl(queueId, command, status);
    }

    @Override
    public int mq_open(String name, int flags, int mode, long attributes) {
        return libc.mq_open(name, flags, mode, attributes);
    }

    @Override
    public int mq_close(int descriptor) {
        return libc.mq_close(descriptor);
    }

    @Override
    public int mq_unlink(String name) {
        return libc.mq_unlink(name);
    }

    @Override
    public int mq_getattr(int descriptor, long attributes) {
        return libc.mq_getattr(descriptor, attributes);
    }

    @Override
    public int mq_timedsend(int descriptor, long message, long length, int priority, long deadline) {
        return libc.mq_timedsend(descriptor, message, length, priority, deadline);
    }

    @Override
    public long mq_timedreceive(int descriptor, long buffer, long length, long priority, long deadline) {
        return libc.mq_timedreceive(descriptor, buffer, length, priority, deadline);
    }

    @Override
    public int socket(int domain, int type, int protocol) {
        return libc.socket(domain, type, protocol);
    }

    @Override
    public int bind(int fd, long address, int addressLength) {
        return libc.bind(fd, address, addressLength);
    }

    @Override
    public int listen(int fd, int backlog) {
        return libc.listen(fd, backlog);
    }

    @Override
    public int accept4(int fd, long address, long addressLength, int flags) {
        return libc.accept4(fd, address, addressLength, flags);
    }

    @Override
    public int connect(int fd, long address, int addressLength) {
        return libc.connect(fd, address, addressLength);
    }

    @Override
    public int getsockopt(int fd, int level, int option, long value, long valueLength) {
        return libc.getsockopt(fd, level, option, value, valueLength);
    }
}
