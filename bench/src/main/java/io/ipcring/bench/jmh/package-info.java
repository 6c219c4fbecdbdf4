/**
 * JMH microbenchmarks of the in-process paths: ipcring's rings
 * ({@link io.ipcring.bench.jmh.ShmRingBenchmark}) beside Agrona's
 * ({@link io.ipcring.bench.jmh.AgronaRingBenchmark}), and {@link io.ipcring.ring.fanout.RingQueue}
 * ({@link io.ipcring.bench.jmh.RingQueueBenchmark}) beside
 * {@link java.util.concurrent.ArrayBlockingQueue}
 * ({@link io.ipcring.bench.jmh.ArrayBlockingQueueBenchmark}); and the replay of a closed journal
 * from its first record beside Chronicle Queue's tailer
 * ({@link io.ipcring.bench.jmh.JournalReplayBenchmark}, in M msgs/s).
 *
 * <p>Each pair has the same shapes, so their figures compare like for like:
 * <ul>
 *   <li>one thread sending and reading back, so the cost of a path is seen without a second
 *       core: a ring's copying path ({@code offerPoll} / Agrona {@code writeRead}) and zero-copy
 *       path ({@code claimCommitPoll} / {@code claimCommitRead}), a queue's {@code offerPoll} and
 *       {@code putTake};</li>
 *   <li>a two-thread {@code @Group}, one thread sending and one receiving a stream
 *       ({@code stream}; and {@code blocking} with {@code put}/{@code take} for the queues),
 *       where each method's time is the cost of one message. The methods check
 *       {@link org.openjdk.jmh.infra.Control#stopMeasurement} so that a full or empty ring or
 *       queue cannot keep a thread from finishing the iteration.</li>
 * </ul>
 * Ring files are created in {@code /dev/shm} and deleted in each state's {@code @TearDown}.
 *
 * <p>Run (never part of {@code mvn verify}):
 * {@code java -jar bench/target/ipcring-bench-VERSION-benchmarks.jar -prof gc} or
 * {@code ./ipcring bench --jmh -- -prof gc}; the gc profiler's {@code gc.alloc.rate.norm} reads
 * 0 B/op (within JMH's noise, a few thousandths of a byte) for every ring path, and for
 * {@code RingQueue} the decoded element alone (48 B for a 32-byte {@code byte[]} per take; half
 * of that per operation in a group, whose operations are a put and a take).
 */
package io.ipcring.bench.jmh;
