package io.ipcring.sync.os.jnr;

import jnr.ffi.annotations.Encoding;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.annotations.Variadic;

/**
 * The libc functions ipcring calls through jnr-ffi on Java 17 to 21, for
 * {@code io.ipcring.sync.os.JnrOsCalls}. Not API: the package is exported only because jnr-ffi
 * implements this interface with a class it generates in a class loader of its own, whose unnamed
 * module must be able to read it when ipcring runs as named modules.
 *
 * <p>Variadic C functions are declared with their fixed argument count so jnr-ffi passes the rest
 * the way the platform passes variadic arguments. Arrays C writes to carry no {@code @Out}:
 * jnr-ffi then copies them in as well as out, as {@code OsCalls} promises. With {@code @Out} the C
 * function saw uninitialized native memory (semctl SETALL failed with ERANGE) and a failed call
 * wrote that memory back into the array.
 */
public interface JnrLibc {
    String strerror(int errno);

    @SaveError
    @Variadic(fixedCount = 2)
    int open(@Encoding("UTF-8") String path, int flags, int mode);

    @SaveError
    int close(int fd);

    @SaveError
    int fchmod(int fd, int mode);

    int posix_fallocate(int fd, long offset, long length);

    @SaveError
    int msync(long address, long length, int flags);

    @SaveError
    int mkfifo(@Encoding("UTF-8") String path, int mode);

    @SaveError
    int fstat(int fd, long statBuffer);

    @SaveError
    int lstat(@Encoding("UTF-8") String path, long statBuffer);

    @SaveError
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int command, int argument);

    @SaveError
    int pipe2(int[] fds, int flags);

    @SaveError
    int dup2(int oldFd, int newFd);

    @SaveError
    long read(int fd, long buffer, long count);

    @SaveError
    long write(int fd, long buffer, long count);

    @SaveError
    long writev(int fd, long iov, int iovcnt);

    @SaveError
    long preadv2(int fd, long iov, int iovcnt, long offset, int flags);

    @SaveError
    long pwritev2(int fd, long iov, int iovcnt, long offset, int flags);

    @SaveError
    int poll(long fds, long count, int timeoutMillis);

    @SaveError
    int kill(int pid, int signal);

    int geteuid();

    @SaveError
    int setuid(int uid);

    @SaveError
    int setgid(int gid);

    int umask(int mask);

    int getpwuid_r(int uid, long passwd, long buffer, long bufferLength, long result);

    int getgrgid_r(int gid, long group, long buffer, long bufferLength, long result);

    @SaveError
    int clock_gettime(int clock, long[] timespec);

    @SaveError
    int clock_gettime(int clock, long timespecAddress);

    /**
     * {@code syscall(2)} with five arguments. Six parameters is jnr-ffi's fast-path limit:
     * with a seventh, every call allocated a 72-byte invocation buffer on the heap.
     */
    @SaveError
    long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    @SaveError
    @Variadic(fixedCount = 2)
    long sem_open(@Encoding("UTF-8") String name, int flags, int mode, int value);

    @SaveError
    int sem_close(long semaphore);

    @SaveError
    int sem_unlink(@Encoding("UTF-8") String name);

    @SaveError
    int sem_post(long semaphore);

    @SaveError
    int sem_trywait(long semaphore);

    @SaveError
    int sem_timedwait(long semaphore, @In long[] absoluteTimespec);

    @SaveError
    int sem_getvalue(long semaphore, int[] value);

    @SaveError
    int ftok(@Encoding("UTF-8") String path, int projectId);

    @SaveError
    int semget(int key, int count, int flags);

    @SaveError
    int semop(int semaphoreId, @In short[] operations, long count);

    @SaveError
    int semtimedop(int semaphoreId, @In short[] operations, long count, @In long[] relativeTimespec);

    @SaveError
    @Variadic(fixedCount = 3)
    int semctl(int semaphoreId, int index, int command, long argument);

    @SaveError
    @Variadic(fixedCount = 3)
    int semctl(int semaphoreId, int index, int command, short[] values);

    @SaveError
    @Variadic(fixedCount = 3)
    int semctl(int semaphoreId, int index, int command, long[] semidDs);

    @SaveError
    int msgget(int key, int flags);

    @SaveError
    int msgsnd(int queueId, long message, long length, int flags);

    @SaveError
    long msgrcv(int queueId, long message, long length, long type, int flags);

    @SaveError
    int msgctl(int queueId, int command, long status);

    @SaveError
    @Variadic(fixedCount = 2)
    int mq_open(@Encoding("UTF-8") String name, int flags, int mode, long attributes);

    @SaveError
    int mq_close(int descriptor);

    @SaveError
    int mq_unlink(@Encoding("UTF-8") String name);

    @SaveError
    int mq_getattr(int descriptor, long attributes);

    @SaveError
    int mq_timedsend(int descriptor, long message, long length, int priority, long deadline);

    @SaveError
    long mq_timedreceive(int descriptor, long buffer, long length, long priority, long deadline);

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, long address, int addressLength);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int accept4(int fd, long address, long addressLength, int flags);

    @SaveError
    int connect(int fd, long address, int addressLength);

    @SaveError
    int getsockopt(int fd, int level, int option, long value, long valueLength);
}
