package io.ipcring.sync;

import io.ipcring.sync.os.Errno;
import io.ipcring.sync.os.Os;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A System V semaphore set ({@code semget}/{@code semop}/{@code semctl}): numbered semaphores
 * that any process on the host, including C programs, reaches by key or id, and operations on
 * several of them applied atomically, all or nothing.
 *
 * <p>Operations carry {@code SEM_UNDO} unless told otherwise ({@link Op#withoutUndo}): the kernel
 * records each process's adjustments and reverts them when the process exits, also when it is
 * killed, so a dead process's holds are released. {@code SETVAL} ({@link #set}) clears those
 * records for that semaphore in every process, and each adjustment is bounded to
 * ±{@value #MAX_VALUE}, or the operation fails with ERANGE.
 *
 * <p>The set lives in the kernel until {@link #remove()}; this object holds no resource of its
 * own, so it needs no closing. Blocking operations honour {@link Thread#interrupt()} by waiting
 * in slices of at most {@value #SLICE_MILLIS} ms ({@code semtimedop}); an operation that becomes
 * possible wakes its waiter at once. A set removed while a thread waits ends the wait with
 * {@link OsSemaphoreException.Reason#REMOVED}.
 *
 * <p>Thread-safe: the object is immutable apart from remembering its own {@link #remove()}.
 */
public final class SysVSemaphoreSet {
    /** The key that always creates a new set, reachable only through its {@link #id()}. */
    public static final int PRIVATE_KEY = OsSemaphoreConstants.IPC_PRIVATE;
    /** The mode a set is created with unless told otherwise: owner read and write. */
    public static final int DEFAULT_MODE = 0600;
    /** The largest value of a System V semaphore on Linux ({@code SEMVMX}). */
    public static final int MAX_VALUE = OsSemaphoreConstants.SEMVMX;
    /** The most semaphores one set can address: {@code sem_num} is an unsigned short. */
    public static final int MAX_SIZE = 1 << 16;

    static final int SLICE_MILLIS = 10;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
    private static final int MAX_MODE = 0777;
    private static final int MAX_PROJECT_ID = 0xff;

    /**
     * One operation of a {@code semop} call: add {@code delta} to semaphore {@code index}. A
     * negative delta waits until the value is at least {@code -delta}; zero waits until the
     * value is zero; a positive delta never waits.
     *
     * @param index the semaphore, 0 to {@link #MAX_SIZE} - 1, checked against the set's size when applied
     * @param delta the change, within the range of a C {@code short}
     * @param undo  whether the kernel reverts it when this process exits ({@code SEM_UNDO})
     */
    public record Op(int index, int delta, boolean undo) {
        /** Checks the ranges a {@code struct sembuf} can carry. */
        public Op {
            if (index < 0 || index >= MAX_SIZE) {
                throw new IllegalArgumentException("index=" + index + " must be within 0.." + (MAX_SIZE - 1));
            }
            if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                throw new IllegalArgumentException("delta=" + delta + " must be within " + Short.MIN_VALUE + ".."
                        + Short.MAX_VALUE);
            }
        }

        /**
         * @param index the semaphore
         * @param delta the change
         * @return an operation the kernel reverts when this process exits
         */
        public static Op of(int index, int delta) {
            return new Op(index, delta, true);
        }

        /**
         * @param index the semaphore
         * @param delta the change
         * @return an operation that stays when this process exits
         */
        public static Op withoutUndo(int index, int delta) {
            return new Op(index, delta, false);
        }

        /**
         * @param index the semaphore
         * @return an operation that waits until the semaphore is zero and changes nothing
         */
        public static Op waitForZero(int index) {
            return new Op(index, 0, false);
        }
    }

    private final int id;
    private final int size;
    private volatile boolean removed;

    private SysVSemaphoreSet(int id, int size) {
        this.id = id;
        this.size = size;
    }

    /**
     * The key {@code ftok} derives from an existing file and a project id, as a C program
     * would compute it: the same file and project id give the same key.
     *
     * @param path      an existing file
     * @param projectId 1 to 255 (ftok uses the low 8 bits, which must not be zero)
     * @return the key
     * @throws OsSemaphoreException NOT_FOUND (ENOENT) when the file does not exist, or another reason
     */
    public static int ftok(Path path, int projectId) {
        Objects.requireNonNull(path, "path");
        if (projectId < 1 || projectId > MAX_PROJECT_ID) {
            throw new IllegalArgumentException("projectId=" + projectId + " must be within 1.." + MAX_PROJECT_ID);
        }
        int key = Os.CALLS.ftok(path.toString(), projectId);
        // -1 is also a valid key (inode, device and project bits all ones): it is an error only when stat fails
        if (key == -1 && !Files.exists(path)) {
            throw OsSemaphoreException.of(Os.CALLS.errno(), "ftok(path=" + path + ", projectId=" + projectId + ")");
        }
        return key;
    }

    /**
     * Creates a new set with mode {@value #DEFAULT_MODE}, every semaphore zero; fails if the
     * key has a set.
     *
     * @param key   the key, or {@link #PRIVATE_KEY} for a set reachable only by its id
     * @param count how many semaphores, 1 to the system's {@code SEMMSL} (at most {@link #MAX_SIZE})
     * @return the set
     * @throws OsSemaphoreException ALREADY_EXISTS (EEXIST), LIMIT_REACHED (ENOSPC), INVALID_ARGUMENT
     *                              (EINVAL, count above SEMMSL), or another reason
     */
    public static SysVSemaphoreSet create(int key, int count) {
        return create(key, count, DEFAULT_MODE);
    }

    /**
     * Creates a new set, every semaphore zero; fails if the key has a set. Other processes may
     * open it at once, so set the values the protocol needs before telling them it exists.
     *
     * @param key   the key, or {@link #PRIVATE_KEY} for a set reachable only by its id
     * @param count how many semaphores, 1 to the system's {@code SEMMSL} (at most {@link #MAX_SIZE})
     * @param mode  permission bits, 0 to 0777 (the umask does not apply)
     * @return the set
     * @throws OsSemaphoreException ALREADY_EXISTS (EEXIST), LIMIT_REACHED (ENOSPC), INVALID_ARGUMENT
     *                              (EINVAL, count above SEMMSL), or another reason
     */
    public static SysVSemaphoreSet create(int key, int count, int mode) {
        if (count < 1 || count > MAX_SIZE) {
            throw new IllegalArgumentException("count=" + count + " must be within 1.." + MAX_SIZE);
        }
        if (mode < 0 || mode > MAX_MODE) {
            throw new IllegalArgumentException("mode=0" + Integer.toOctalString(mode) + " must be within 0..0777");
        }
        int id = Os.CALLS.semget(key, count, OsSemaphoreConstants.IPC_CREAT | OsSemaphoreConstants.IPC_EXCL | mode);
        if (id < 0) {
            throw OsSemaphoreException.of(Os.CALLS.errno(), "semget(key=" + hex(key) + ", nsems=" + count
                    + ", IPC_CREAT|IPC_EXCL|0" + Integer.toOctalString(mode) + ")");
        }
        return new SysVSemaphoreSet(id, count);
    }

    /**
     * Opens the set a key names.
     *
     * @param key the key, not {@link #PRIVATE_KEY} (use {@link #ofId} for those)
     * @return the set
     * @throws OsSemaphoreException NOT_FOUND (ENOENT), PERMISSION_DENIED (EACCES), or another reason
     */
    public static SysVSemaphoreSet open(int key) {
        if (key == PRIVATE_KEY) {
            throw new IllegalArgumentException("key=" + hex(key) + " is IPC_PRIVATE, which always creates: open by id");
        }
        int id = Os.CALLS.semget(key, 0, 0);
        if (id < 0) {
            throw OsSemaphoreException.of(Os.CALLS.errno(), "semget(key=" + hex(key) + ")");
        }
        return ofId(id);
    }

    /**
     * Attaches to a set by id, for example one another process created with
     * {@link #PRIVATE_KEY} and passed on. Reads the set's size from the kernel ({@code IPC_STAT}),
     * which needs read permission.
     *
     * @param id the set's id
     * @return the set
     * @throws OsSemaphoreException INVALID_ARGUMENT (EINVAL) when no set has that id,
     *                              PERMISSION_DENIED (EACCES), or another reason
     * @throws UnsupportedOperationException on a platform whose {@code semid_ds} layout is unknown
     */
    public static SysVSemaphoreSet ofId(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("id=" + id + " must not be negative");
        }
        long nsems = SysVSemaphoreStructs.semNsems(id);
        if (nsems < 1 || nsems > MAX_SIZE) {
            throw new IllegalStateException("semctl(id=" + id + ", IPC_STAT) reported sem_nsems=" + nsems
                    + ", outside 1.." + MAX_SIZE);
        }
        SysVSemaphoreSet set = new SysVSemaphoreSet(id, (int) nsems);
        set.checkSize();
        return set;
    }

    /** Confirms the size read from semid_ds: the last index answers, the one past it is invalid. */
    private void checkSize() {
        get(size - 1);
        if (Os.CALLS.semctl(id, size, OsSemaphoreConstants.GETVAL, 0L) >= 0) {
            throw new IllegalStateException("semctl(id=" + id + ", IPC_STAT) reported sem_nsems=" + size
                    + " but index " + size + " exists: unexpected semid_ds layout");
        }
    }

    /** @return the set's id, valid in every process on the host (in the same IPC namespace) */
    public int id() {
        return id;
    }

    /** @return how many semaphores the set has */
    public int size() {
        return size;
    }

    /**
     * Applies all operations atomically, waiting until every one of them can be applied at once.
     *
     * @param ops the operations, at least one, at most the system's {@code SEMOPM}
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws OsSemaphoreException REMOVED when the set is removed, VALUE_OUT_OF_RANGE (ERANGE)
     *                              when a value or undo adjustment would exceed {@value #MAX_VALUE},
     *                              TOO_MANY_OPERATIONS (E2BIG), or another reason
     */
    public void apply(Op... ops) throws InterruptedException {
        short[] sembufs = encode(ops, 0);
        long[] timeout = new long[2];
        while (!applySlice(sembufs, SLICE_NANOS, timeout)) {
            checkNotRemoved();
        }
    }

    /**
     * Applies all operations atomically if every one of them can be applied now, without waiting
     * ({@code IPC_NOWAIT}).
     *
     * @param ops the operations, at least one, at most the system's {@code SEMOPM}
     * @return true if applied, false if one of them would have had to wait (nothing applied)
     * @throws OsSemaphoreException as {@link #apply}
     */
    public boolean tryApply(Op... ops) {
        short[] sembufs = encode(ops, OsSemaphoreConstants.IPC_NOWAIT);
        int n = SysVSemaphoreStructs.sembufCount(sembufs);
        while (Os.CALLS.semop(id, sembufs, n) != 0) {
            int errno = Os.CALLS.errno();
            if (errno == Errno.EAGAIN) {
                return false;
            }
            if (errno != Errno.EINTR) {
                throw failure(errno, "semop", sembufs);
            }
        }
        return true;
    }

    /**
     * Applies all operations atomically, waiting at most {@code timeout} until every one of them
     * can be applied at once.
     *
     * @param timeout the longest wait; zero or negative tries once without waiting
     * @param unit    its unit
     * @param ops     the operations, at least one, at most the system's {@code SEMOPM}
     * @return true if applied, false if the timeout expired first (nothing applied)
     * @throws InterruptedException if the thread is interrupted before or while waiting
     * @throws OsSemaphoreException as {@link #apply}
     */
    public boolean tryApply(long timeout, TimeUnit unit, Op... ops) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        short[] sembufs = encode(ops, 0);
        long remaining = Math.max(0, unit.toNanos(timeout));
        long end = System.nanoTime() + remaining;
        long[] slice = new long[2];
        while (!applySlice(sembufs, Math.min(remaining, SLICE_NANOS), slice)) {
            checkNotRemoved();
            remaining = end - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
        }
        return true;
    }

    /** One semtimedop of at most {@code nanos}; false when it timed out or a signal cut it short. */
    private boolean applySlice(short[] sembufs, long nanos, long[] timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting on semaphore set id=" + id);
        }
        OsSemaphoreConstants.duration(nanos, timeout);
        if (Os.CALLS.semtimedop(id, sembufs, SysVSemaphoreStructs.sembufCount(sembufs), timeout) == 0) {
            return true;
        }
        int errno = Os.CALLS.errno();
        // semtimedop reports an expired timeout as EAGAIN
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return false;
        }
        throw failure(errno, "semtimedop", sembufs);
    }

    /**
     * @param index the semaphore
     * @return its value ({@code GETVAL}), a snapshot other processes may change at once
     */
    public int get(int index) {
        checkIndex(index);
        int value = Os.CALLS.semctl(id, index, OsSemaphoreConstants.GETVAL, 0L);
        if (value < 0) {
            throw failure(Os.CALLS.errno(), "semctl(id=" + id + ", index=" + index + ", GETVAL)");
        }
        return value;
    }

    /**
     * @return every semaphore's value ({@code GETALL}), read atomically with respect to
     *         {@link #apply}: never part of an operation list
     */
    public int[] getAll() {
        checkNotRemoved();
        short[] raw = new short[size];
        if (Os.CALLS.semctl(id, 0, OsSemaphoreConstants.GETALL, raw) < 0) {
            throw failure(Os.CALLS.errno(), "semctl(id=" + id + ", GETALL)");
        }
        int[] values = new int[size];
        for (int i = 0; i < size; i++) {
            values[i] = Short.toUnsignedInt(raw[i]);
        }
        return values;
    }

    /**
     * Sets one semaphore's value ({@code SETVAL}), waking waiters the new value satisfies and
     * clearing every process's undo adjustment for it.
     *
     * @param index the semaphore
     * @param value 0 to {@value #MAX_VALUE}
     */
    public void set(int index, int value) {
        checkIndex(index);
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("value=" + value + " must be within 0.." + MAX_VALUE);
        }
        // semctl's fourth argument is a union semun; its int member travels in a full register
        if (Os.CALLS.semctl(id, index, OsSemaphoreConstants.SETVAL, (long) value) < 0) {
            throw failure(Os.CALLS.errno(), "semctl(id=" + id + ", index=" + index + ", SETVAL, value=" + value + ")");
        }
    }

    /**
     * Removes the set from the system ({@code IPC_RMID}); every process waiting on it wakes with
     * {@link OsSemaphoreException.Reason#REMOVED}. Afterwards this object refuses every call.
     *
     * @return true if removed now, false if the set was already gone
     * @throws OsSemaphoreException PERMISSION_DENIED (EPERM) when neither owner nor creator
     */
    public boolean remove() {
        if (Os.CALLS.semctl(id, 0, OsSemaphoreConstants.IPC_RMID, 0L) == 0) {
            removed = true;
            return true;
        }
        int errno = Os.CALLS.errno();
        if (errno == Errno.EINVAL || errno == Errno.EIDRM) {
            removed = true;
            return false;
        }
        throw OsSemaphoreException.of(errno, "semctl(id=" + id + ", IPC_RMID)");
    }

    /** @return true once {@link #remove()} ran on this object */
    public boolean isRemoved() {
        return removed;
    }

    private short[] encode(Op[] ops, int extraFlags) {
        checkNotRemoved();
        Objects.requireNonNull(ops, "ops");
        if (ops.length == 0) {
            throw new IllegalArgumentException("ops is empty: at least one operation is needed");
        }
        short[] sembufs = SysVSemaphoreStructs.newSembufs(ops.length);
        for (int i = 0; i < ops.length; i++) {
            Op op = Objects.requireNonNull(ops[i], "ops[" + i + "]");
            checkIndex(op.index());
            SysVSemaphoreStructs.putSembuf(sembufs, i, op, extraFlags);
        }
        return sembufs;
    }

    private void checkIndex(int index) {
        checkNotRemoved();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index=" + index + " outside 0.." + (size - 1) + " of semaphore set id="
                    + id);
        }
    }

    private void checkNotRemoved() {
        if (removed) {
            throw new IllegalStateException("semaphore set id=" + id + " was removed through this object");
        }
    }

    private OsSemaphoreException failure(int errno, String call, short[] sembufs) {
        return failure(errno, call + "(id=" + id + ", ops=" + SysVSemaphoreStructs.describeSembufs(sembufs) + ")");
    }

    /**
     * EIDRM says the set went away during the call; EINVAL says so too when the id no longer
     * answers, since every argument was checked before the call.
     */
    private OsSemaphoreException failure(int errno, String call) {
        if (errno == Errno.EINVAL && Os.CALLS.semctl(id, 0, OsSemaphoreConstants.GETVAL, 0L) < 0) {
            int probe = Os.CALLS.errno();
            if (probe == Errno.EINVAL || probe == Errno.EIDRM) {
                return new OsSemaphoreException(OsSemaphoreException.Reason.REMOVED, errno,
                        call + ": no set has id=" + id + " any more");
            }
        }
        return OsSemaphoreException.of(errno, call);
    }

    private static String hex(int key) {
        return String.format("0x%08x", key);
    }

    @Override
    public String toString() {
        return "SysVSemaphoreSet[id=" + id + ", size=" + size + (removed ? ", removed]" : "]");
    }
}
