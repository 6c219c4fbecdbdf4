/**
 * JMH microbenchmarks of the in-process paths, one thread sending and receiving, so the cost of a
 * path is seen without a second core: Agrona's rings ({@link io.ipcring.bench.jmh.AgronaRingBenchmark})
 * and {@link java.util.concurrent.ArrayBlockingQueue}
 * ({@link io.ipcring.bench.jmh.ArrayBlockingQueueBenchmark}) as the references.
 *
 * <p>Where ipcring's own paths go, as they land in the ring module: a {@code ShmRingBenchmark}
 * beside {@code AgronaRingBenchmark} with the same {@code @Param} size and the same shape
 * (a ring over a {@code /dev/shm} region; {@code offerPoll}: {@code offer} then
 * {@code poll(handler, 1)}; {@code claimCommitPoll}: {@code tryClaim}, write the sequence in
 * place, {@code commit}, then {@code poll}), and a {@code RingQueueBenchmark} beside
 * {@code ArrayBlockingQueueBenchmark} ({@code offerPoll}, {@code putTake}). Every benchmark
 * consumes what it reads into a {@link org.openjdk.jmh.infra.Blackhole} or returns it.
 *
 * <p>Run (never part of {@code mvn verify}):
 * {@code java -jar bench/target/ipcring-bench-VERSION-benchmarks.jar -prof gc} or
 * {@code ./ipcring bench --jmh -- -prof gc}; the gc profiler's {@code gc.alloc.rate.norm} must
 * read 0 B/op (within a few bytes of JMH's own noise) for every path.
 */
package io.ipcring.bench.jmh;
