package io.ipcring.sync.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Every C library call ipcring makes, declared once. Two implementations stand behind it, chosen
 * by the JVM that runs the code through the multi-release jar ({@link Os#CALLS}): jnr-ffi on Java
 * 17–21 and {@code java.lang.foreign} downcalls on Java 22 and newer. Not an API: the package is
 * internal to ipcring.
 *
 * <p>Each method is the C function of the same name with C's contract: it returns what the C
 * function returns ({@code -1}, or a null pointer as {@code 0}, on failure) and leaves the
 * calling thread's {@code errno} for {@link #errno()}. Pointer arguments are native addresses
 * ({@code long}), taken from {@link #address(ByteBuffer)} of a direct buffer or from a
 * {@link MappedFile}; {@code 0} is C's {@code NULL}. Strings are passed as NUL-terminated UTF-8.
 * Small structures on paths that are not hot (a {@code timespec}, {@code sembuf}s, a semaphore
 * set's values) are passed as Java arrays in native byte order, copied in before the call and,
 * for output arrays, out after it.
 *
 * <p>Both implementations are thread-safe and allocate nothing on the Java heap for a call that
 * takes no {@code String} and no array, once a thread has made its first call.
 */
public interface OsCalls {

    /** @return errno of the calling thread's last call through this object */
    int errno();

    /**
     * @param errno an errno value
     * @return the C library's text for it ({@code strerror})
     */
    String strerror(int errno);

    /**
     * @param direct a direct buffer
     * @return the native address of its index 0
     * @throws IllegalArgumentException when the buffer is not direct
     */
    long address(ByteBuffer direct);

    /**
     * Maps a file into memory. On Java 22+ the mapping belongs to a shared arena, so after
     * {@link MappedFile#unmap()} every access through its buffer throws
     * {@link IllegalStateException} instead of touching unmapped memory.
     *
     * @param channel  an open channel, readable (and writable for a read-write mapping)
     * @param readOnly map read-only instead of read-write
     * @param size     the number of bytes mapped from offset 0; at most {@link Integer#MAX_VALUE}
     * @return the mapping
     * @throws IOException when the channel cannot be mapped
     */
    MappedFile map(FileChannel channel, boolean readOnly, long size) throws IOException;

    // ---- files and descriptors -------------------------------------------------------------

    /** {@code int open(const char *path, int flags, mode_t mode)}. */
    int open(String path, int flags, int mode);

    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code int fchmod(int fd, mode_t mode)}. */
    int fchmod(int fd, int mode);

    /** {@code int posix_fallocate(int fd, off_t offset, off_t len)}: returns an errno, not -1. */
    int posix_fallocate(int fd, long offset, long length);

    /**
     * {@code int msync(void *addr, size_t length, int flags)}: writes a shared mapping's dirty
     * pages in {@code [addr, addr + length)} to its file; {@code addr} must be page-aligned.
     */
    int msync(long address, long length, int flags);

    /** {@code int mkfifo(const char *path, mode_t mode)}. */
    int mkfifo(String path, int mode);

    /** {@code int fstat(int fd, struct stat *buf)}; the layout is {@link StatLayout}'s. */
    int fstat(int fd, long statBuffer);

    /** {@code int lstat(const char *path, struct stat *buf)}; the layout is {@link StatLayout}'s. */
    int lstat(String path, long statBuffer);

    /** {@code int fcntl(int fd, int cmd, int arg)}. */
    int fcntl(int fd, int command, int argument);

    /** {@code int pipe2(int fds[2], int flags)}; {@code fds} receives the read and write end. */
    int pipe2(int[] fds, int flags);

    /** {@code int dup2(int oldfd, int newfd)}. */
    int dup2(int oldFd, int newFd);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    long read(int fd, long buffer, long count);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    long write(int fd, long buffer, long count);

    /** {@code ssize_t writev(int fd, const struct iovec *iov, int iovcnt)}. */
    long writev(int fd, long iov, int iovcnt);

    /** {@code ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags)}. */
    long preadv2(int fd, long iov, int iovcnt, long offset, int flags);

    /** {@code ssize_t pwritev2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags)}. */
    long pwritev2(int fd, long iov, int iovcnt, long offset, int flags);

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
    int poll(long fds, long count, int timeoutMillis);

    // ---- processes and users ---------------------------------------------------------------

    /** {@code int kill(pid_t pid, int sig)}. */
    int kill(int pid, int signal);

    /** {@code uid_t geteuid(void)}. */
    int geteuid();

    /** {@code int setuid(uid_t uid)}, for every thread of the process as glibc does it. */
    int setuid(int uid);

    /** {@code int setgid(gid_t gid)}, for every thread of the process as glibc does it. */
    int setgid(int gid);

    /** {@code mode_t umask(mode_t mask)}: sets the process's file mode creation mask, returns the old one. */
    int umask(int mask);

    /**
     * The login name of a user, from {@code getpwuid_r}.
     *
     * @param uid a user id
     * @return its name, or null when the user database has no such user
     */
    String userName(int uid);

    /**
     * The name of a group, from {@code getgrgid_r}.
     *
     * @param gid a group id
     * @return its name, or null when the group database has no such group
     */
    String groupName(int gid);

    /** {@code int clock_gettime(clockid_t clock, struct timespec *tp)} into {@code {tv_sec, tv_nsec}}. */
    int clock_gettime(int clock, long[] timespec);

    /** {@code int clock_gettime(clockid_t clock, struct timespec *tp)} at a native address. */
    int clock_gettime(int clock, long timespecAddress);

    /**
     * {@code long syscall(long number, ...)} with five arguments, enough for every system call
     * made here (a futex wait or wake ignores the sixth).
     */
    long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    // ---- POSIX named semaphores --------------------------------------------------------------

    /** {@code sem_t *sem_open(const char *name, int oflag, mode_t mode, unsigned value)}; 0 is SEM_FAILED. */
    long sem_open(String name, int flags, int mode, int value);

    /** {@code int sem_close(sem_t *sem)}. */
    int sem_close(long semaphore);

    /** {@code int sem_unlink(const char *name)}. */
    int sem_unlink(String name);

    /** {@code int sem_post(sem_t *sem)}. */
    int sem_post(long semaphore);

    /** {@code int sem_trywait(sem_t *sem)}. */
    int sem_trywait(long semaphore);

    /** {@code int sem_timedwait(sem_t *sem, const struct timespec *abs)} with {@code {tv_sec, tv_nsec}}. */
    int sem_timedwait(long semaphore, long[] absoluteTimespec);

    /** {@code int sem_getvalue(sem_t *sem, int *value)} into {@code value[0]}. */
    int sem_getvalue(long semaphore, int[] value);

    // ---- System V IPC ------------------------------------------------------------------------

    /** {@code key_t ftok(const char *path, int proj_id)}. */
    int ftok(String path, int projectId);

    /** {@code int semget(key_t key, int nsems, int semflg)}. */
    int semget(int key, int count, int flags);

    /** {@code int semop(int semid, struct sembuf *sops, size_t nsops)}: three shorts per operation. */
    int semop(int semaphoreId, short[] operations, long count);

    /**
     * {@code int semtimedop(int semid, struct sembuf *sops, size_t nsops, const struct timespec
     * *timeout)}; a null {@code relativeTimespec} waits without limit.
     */
    int semtimedop(int semaphoreId, short[] operations, long count, long[] relativeTimespec);

    /** {@code int semctl(int semid, int semnum, int cmd, int val)}: SETVAL, GETVAL, IPC_RMID. */
    int semctl(int semaphoreId, int index, int command, long argument);

    /** {@code int semctl(int semid, int semnum, int cmd, unsigned short *array)}: GETALL, SETALL. */
    int semctl(int semaphoreId, int index, int command, short[] values);

    /** {@code int semctl(int semid, int semnum, int cmd, struct semid_ds *buf)}: IPC_STAT. */
    int semctl(int semaphoreId, int index, int command, long[] semidDs);

    /** {@code int msgget(key_t key, int msgflg)}. */
    int msgget(int key, int flags);

    /** {@code int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)}. */
    int msgsnd(int queueId, long message, long length, int flags);

    /** {@code ssize_t msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)}. */
    long msgrcv(int queueId, long message, long length, long type, int flags);

    /** {@code int msgctl(int msqid, int cmd, struct msqid_ds *buf)}. */
    int msgctl(int queueId, int command, long status);

    // ---- POSIX message queues ----------------------------------------------------------------

    /** {@code mqd_t mq_open(const char *name, int oflag, mode_t mode, struct mq_attr *attr)}. */
    int mq_open(String name, int flags, int mode, long attributes);

    /** {@code int mq_close(mqd_t mqdes)}. */
    int mq_close(int descriptor);

    /** {@code int mq_unlink(const char *name)}. */
    int mq_unlink(String name);

    /** {@code int mq_getattr(mqd_t mqdes, struct mq_attr *attr)}. */
    int mq_getattr(int descriptor, long attributes);

    /**
     * {@code int mq_timedsend(mqd_t mqdes, const char *msg, size_t len, unsigned prio, const
     * struct timespec *abs)}.
     */
    int mq_timedsend(int descriptor, long message, long length, int priority, long deadline);

    /**
     * {@code ssize_t mq_timedreceive(mqd_t mqdes, char *msg, size_t len, unsigned *prio, const
     * struct timespec *abs)}.
     */
    long mq_timedreceive(int descriptor, long buffer, long length, long priority, long deadline);

    // ---- sockets -----------------------------------------------------------------------------

    /** {@code int socket(int domain, int type, int protocol)}. */
    int socket(int domain, int type, int protocol);

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t len)}. */
    int bind(int fd, long address, int addressLength);

    /** {@code int listen(int fd, int backlog)}. */
    int listen(int fd, int backlog);

    /** {@code int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)}. */
    int accept4(int fd, long address, long addressLength, int flags);

    /** {@code int connect(int fd, const struct sockaddr *addr, socklen_t len)}. */
    int connect(int fd, long address, int addressLength);

    /** {@code int getsockopt(int fd, int level, int name, void *value, socklen_t *len)}. */
    int getsockopt(int fd, int level, int option, long value, long valueLength);
}
