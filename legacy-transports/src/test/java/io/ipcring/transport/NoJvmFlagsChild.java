package io.ipcring.transport;

import io.ipcring.channel.Channels;
import io.ipcring.channel.Publisher;
import io.ipcring.channel.Subscriber;
import io.ipcring.ring.fanout.RingQueue;
import io.ipcring.ring.fanout.StringCodec;
import io.ipcring.sync.CountingSemaphore;
import io.ipcring.sync.Deadline;
import io.ipcring.sync.Event;
import io.ipcring.sync.Futex;
import io.ipcring.sync.FutexSignal;
import io.ipcring.sync.MappedMemory;
import io.ipcring.sync.PosixNamedSemaphore;
import io.ipcring.sync.ProcessIdentity;
import io.ipcring.sync.RegionAccess;
import io.ipcring.sync.RobustMutex;
import io.ipcring.sync.ScratchRegion;
import io.ipcring.sync.SemaphoreSet;
import io.ipcring.sync.SeqLock;
import io.ipcring.sync.SharedLatch;
import io.ipcring.sync.SharedRegion;
import io.ipcring.sync.SysVSemaphoreSet;
import io.ipcring.testsupport.ChildJvm;
import io.ipcring.transport.mq.PosixMessageQueue;
import io.ipcring.transport.mq.SysVMessageQueue;
import io.ipcring.transport.pipe.PipePeer;
import io.ipcring.transport.pipe.PipeProcess;
import io.ipcring.transport.server.MessageServer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child process for {@link NoJvmFlagsTest}: uses every part of ipcring that makes native calls or
 * touches memory outside the heap, in one JVM: each primitive of the sync module over one shared
 * region (mapping, VarHandle access, futex, robust mutex, semaphores, the POSIX and System V
 * kernel semaphores, unmapping), each ring kind (SPSC, MPSC, broadcast and work-queue rings
 * through {@code shm:} URIs with futex waits, and a {@link RingQueue}) and each transport (a pipe
 * to a grandchild JVM, FIFO, POSIX and System V message queues, Unix and TCP sockets), each
 * message sent and received. Prints the Java feature version it runs on, {@code ok NAME} per
 * exercise in {@link #EXERCISES} order, then {@code DONE}; a failure ends it with an exception.
 *
 * <p>The pipe's far end is a grandchild JVM ({@link PipePeer} {@code echo}) started with this
 * JVM's {@code java} and exactly this JVM's flags, so it runs under the same flags as this one;
 * its stderr is this JVM's, so anything it prints is checked too.
 */
public final class NoJvmFlagsChild {
    /** The exercises in the order they run, one {@code ok NAME} line each. */
    static final List<String> EXERCISES = List.of(
            "sync.SharedRegion", "sync.RobustMutex", "sync.CountingSemaphore", "sync.Futex", "sync.FutexSignal",
            "sync.Event", "sync.SharedLatch", "sync.SeqLock", "sync.SemaphoreSet", "sync.ProcessIdentity",
            "sync.PosixNamedSemaphore", "sync.SysVSemaphoreSet",
            "ring.spsc", "ring.mpsc", "ring.broadcast", "ring.workqueue", "ring.RingQueue",
            "transport.pipe", "transport.fifo", "transport.posix-mq", "transport.sysv-mq", "transport.unix",
            "transport.tcp");
    /** The first line's prefix, followed by {@code Runtime.version().feature()}. */
    static final String JAVA_LINE = "running on Java ";
    private static final int TYPE = 7;
    private static final byte[] PAYLOAD = "no flags needed".getBytes(StandardCharsets.UTF_8);
    private static final long TIMEOUT_SECONDS = 20;

    private NoJvmFlagsChild() {
    }

    /**
     * @param args a directory of this run's own (region, ring files, FIFO, socket), a POSIX name
     *             for the named semaphore and message queue ({@code /name}), a System V key
     *             ({@code 0x...}) for the message queue
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String posixName = args[1];
        int sysvKey = Integer.decode(args[2]);
        System.out.println(JAVA_LINE + Runtime.version().feature());
        primitives(dir.resolve("region"), posixName);
        rings(dir);
        transports(dir, posixName, sysvKey);
        System.out.println("DONE");
    }

    private static void primitives(Path path, String semaphoreName) throws InterruptedException {
        int mutex = align(ScratchRegion.BASE);
        int semaphore = align(mutex + RobustMutex.LENGTH);
        int futex = align(semaphore + CountingSemaphore.LENGTH);
        int condition = align(futex + 16);
        int event = align(condition + 2 * Integer.BYTES);
        int latch = align(event + Event.LENGTH);
        int seqLock = align(latch + SharedLatch.LENGTH);
        int semaphoreSet = align(seqLock + SeqLock.length(2));
        int end = semaphoreSet + SemaphoreSet.length(2);
        SharedRegion region = SharedRegion.create(path, ScratchRegion.FORMAT, Math.max(4096, end), RegionAccess.OWNER, memory -> {
            RobustMutex.initialize(memory, mutex);
            CountingSemaphore.initialize(memory, semaphore, 1);
            Event.initialize(memory, event, false);
            SharedLatch.initialize(memory, latch, 1);
            SeqLock.initialize(memory, seqLock, 2);
            SemaphoreSet.initialize(memory, semaphoreSet, 1, 0);
        });
        try {
            MappedMemory memory = region.memory();
            try (SharedRegion again = SharedRegion.open(path, ScratchRegion.FORMAT)) {
                again.memory().putLongVolatile(futex + 8, 42);
            }
            check(memory.getLongVolatile(futex + 8) == 42, "a second mapping of the region writes to the same memory");
            ok("sync.SharedRegion");

            RobustMutex lock = RobustMutex.attach(memory, mutex);
            check(lock.lock() == RobustMutex.LockResult.ACQUIRED, "lock");
            memory.putLong(futex + 8, memory.getLong(futex + 8) + 1);
            lock.unlock();
            ok("sync.RobustMutex");

            CountingSemaphore permits = CountingSemaphore.attach(memory, semaphore);
            check(permits.tryAcquire(1, 1, TimeUnit.SECONDS), "acquire");
            permits.release(1);
            ok("sync.CountingSemaphore");

            check(Futex.wait(memory, futex, 0, TimeUnit.MILLISECONDS.toNanos(1)) == Futex.WaitResult.TIMED_OUT, "futex wait");
            check(Futex.wake(memory, futex, 1) == 0, "futex wake");
            ok("sync.Futex");

            FutexSignal changed = new FutexSignal(memory, condition, condition + Integer.BYTES, 1,
                    FutexSignal.Waiters.MANY);
            check(!changed.await(() -> false, Deadline.after(5, TimeUnit.MILLISECONDS)), "a condition never true times out");
            changed.signal();
            check(changed.await(() -> true, Deadline.after(5, TimeUnit.MILLISECONDS)), "a true condition returns at once");
            ok("sync.FutexSignal");

            Event flag = Event.attach(memory, event);
            check(!flag.await(1, TimeUnit.MILLISECONDS), "an event not set times out");
            flag.set();
            check(flag.await(1, TimeUnit.SECONDS), "a set event");
            ok("sync.Event");

            SharedLatch countdown = SharedLatch.attach(memory, latch);
            check(!countdown.await(1, TimeUnit.MILLISECONDS), "a latch at 1 times out");
            countdown.countDown();
            check(countdown.await(1, TimeUnit.SECONDS), "a latch at 0");
            ok("sync.SharedLatch");

            SeqLock seq = SeqLock.attach(memory, seqLock);
            seq.write(3, 4);
            long[] words = new long[2];
            check(seq.trySnapshot(words) && Arrays.equals(words, new long[] {3, 4}), "seqlock snapshot");
            ok("sync.SeqLock");

            SemaphoreSet set = SemaphoreSet.attach(memory, semaphoreSet);
            check(set.tryApply(1, TimeUnit.SECONDS, SemaphoreSet.op(0, -1), SemaphoreSet.op(1, 1)), "semaphore set move");
            check(!set.tryApply(1, TimeUnit.MILLISECONDS, SemaphoreSet.op(0, -1)), "an empty semaphore times out");
            ok("sync.SemaphoreSet");

            check(ProcessIdentity.current().isAlive(), "this process is alive");
            ok("sync.ProcessIdentity");
        } finally {
            region.close();
            SharedRegion.delete(path);
        }
        check(region.memory().isUnmapped(), "unmap");

        PosixNamedSemaphore named = PosixNamedSemaphore.create(semaphoreName, 0);
        try {
            named.post();
            check(named.tryAcquire(1, TimeUnit.SECONDS), "named semaphore");
        } finally {
            named.close();
            PosixNamedSemaphore.unlink(semaphoreName);
        }
        ok("sync.PosixNamedSemaphore");

        SysVSemaphoreSet sysv = SysVSemaphoreSet.create(SysVSemaphoreSet.PRIVATE_KEY, 1);
        try {
            sysv.apply(SysVSemaphoreSet.Op.of(0, 1));
            check(sysv.tryApply(1, TimeUnit.SECONDS, SysVSemaphoreSet.Op.of(0, -1)), "System V semaphore");
        } finally {
            sysv.remove();
        }
        ok("sync.SysVSemaphoreSet");
    }

    private static void rings(Path dir) throws InterruptedException {
        for (String kind : List.of("spsc", "mpsc")) {
            String uri = "shm:" + dir.resolve(kind) + "?kind=" + kind + "&capacity=64k&wait=block";
            try (Subscriber in = Channels.subscriber(uri); Publisher out = Channels.publisher(uri)) {
                exchange(out, in);
            }
            ok("ring." + kind);
        }
        String broadcast = "shm:" + dir.resolve("broadcast") + "?kind=broadcast&capacity=64k";
        try (Subscriber in = Channels.subscriber(broadcast + "&subscriber=child"); Publisher out = Channels.publisher(broadcast)) {
            exchange(out, in);
        }
        ok("ring.broadcast");
        String workQueue = "shm:" + dir.resolve("workqueue") + "?kind=workqueue&capacity=64k";
        try (Subscriber in = Channels.subscriber(workQueue); Publisher out = Channels.publisher(workQueue)) {
            exchange(out, in);
        }
        ok("ring.workqueue");
        try (RingQueue<String> queue = RingQueue.open(dir.resolve("queue"), 16, 64, StringCodec.INSTANCE)) {
            check(queue.offer("element", 1, TimeUnit.SECONDS), "queue offer");
            check("element".equals(queue.poll(1, TimeUnit.SECONDS)), "queue poll");
        }
        ok("ring.RingQueue");
    }

    private static void transports(Path dir, String posixName, int sysvKey) throws InterruptedException {
        List<String> grandchild = ChildJvm.command(ChildJvm.thisJava(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                ChildJvm.thisClassPath(), PipePeer.class, "echo");
        try (PipeProcess pipe = PipeProcess.start(new ProcessBuilder(grandchild).redirectError(ProcessBuilder.Redirect.INHERIT),
                StreamOptions.defaults())) {
            exchange(pipe, pipe);
        }
        ok("transport.pipe");

        String fifo = "fifo:" + dir.resolve("fifo");
        try (Subscriber in = Channels.subscriber(fifo); Publisher out = Channels.publisher(fifo)) {
            exchange(out, in);
        }
        ok("transport.fifo");

        String mq = "mq:" + posixName + "?maxMessage=64";
        try (Publisher out = Channels.publisher(mq); Subscriber in = Channels.subscriber(mq)) {
            exchange(out, in);
        } finally {
            PosixMessageQueue.unlink(posixName);
        }
        ok("transport.posix-mq");

        String sysvmq = "sysvmq:0x" + Integer.toHexString(sysvKey);
        try (Publisher out = Channels.publisher(sysvmq); Subscriber in = Channels.subscriber(sysvmq)) {
            exchange(out, in);
        } finally {
            SysVMessageQueue.remove(sysvKey);
        }
        ok("transport.sysv-mq");

        String unix = "unix:" + dir.resolve("s.sock");
        try (Subscriber in = Channels.subscriber(unix); Publisher out = Channels.publisher(unix)) {
            exchange(out, in);
        }
        ok("transport.unix");

        try (Subscriber in = Channels.subscriber("tcp://127.0.0.1:0")) {
            try (Publisher out = Channels.publisher(((MessageServer) in).clientUri())) {
                exchange(out, in);
            }
        }
        ok("transport.tcp");
    }

    /** Sends one message through {@code out} and receives it from {@code in}, both with timed calls. */
    private static void exchange(Publisher out, Subscriber in) throws InterruptedException {
        check(out.offer(ByteBuffer.wrap(PAYLOAD), 0, PAYLOAD.length, TYPE, TIMEOUT_SECONDS, TimeUnit.SECONDS),
                "offer on " + out.uri());
        byte[][] got = new byte[1][];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (got[0] == null && System.nanoTime() - deadline < 0) {
            in.poll((type, buffer, offset, length) -> {
                check(type == TYPE, "message type " + type);
                got[0] = new byte[length];
                buffer.get(offset, got[0]);
            }, 1, 100, TimeUnit.MILLISECONDS);
        }
        check(got[0] != null && Arrays.equals(PAYLOAD, got[0]), "the message back from " + in.uri());
    }

    private static int align(int offset) {
        return (offset + 63) & ~63;
    }

    private static void ok(String exercise) {
        System.out.println("ok " + exercise);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what + " failed");
        }
    }
}
