/**
 * jcstress tests of every concurrent algorithm of {@code io.ipcring.sync}, run by
 * {@code mvn verify} (quick) and by the documented full command.
 *
 * <p>Every test drives the real class over a real mapped region ({@link
 * io.ipcring.stress.SharedMemoryArena}): the state's constructor initialises the primitive in a
 * fresh zeroed block, the actors call its public methods, and each outcome is classified with a
 * description. Blocking calls are bounded by a timeout whose expiry is an outcome of its own, so a
 * bug shows as a FORBIDDEN outcome, never as a hung run.
 */
package io.ipcring.stress.sync;
