/**
 * Seeded frame fuzzers for every legacy transport's receiving side: hostile byte streams (pipe,
 * Unix socket, the FIFO server) and hostile messages (POSIX and System V queues, sent with raw
 * system calls as another process could), each case checked against a reference decoder
 * ({@link io.ipcring.stress.fuzz.StreamOracle}, {@link io.ipcring.stress.fuzz.QueueOracle}):
 * exactly the frames it expects are delivered, uncorrupted, and the only errors are
 * {@link io.ipcring.channel.MalformedFrameException} and
 * {@link io.ipcring.channel.ChannelClosedException} where it expects them. Anything else (another
 * exception, an error, an OutOfMemoryError, a case that does not finish) fails the run and names
 * the seed that reproduces it.
 */
package io.ipcring.stress.fuzz;
