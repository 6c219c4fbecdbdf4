/**
 * Multi-process chaos testing. {@link io.ipcring.stress.chaos.ChaosHarness} is reusable for any
 * code: it starts worker JVMs ({@link io.ipcring.stress.chaos.WorkerSpec}), SIGKILLs random ones at
 * seeded random moments, restarts them and waits for all to finish; workers record what they did
 * with {@link io.ipcring.stress.chaos.ChaosLog} (one unbuffered write per line, surviving the
 * kill) and a checker reads it back with {@link io.ipcring.stress.chaos.ChaosLogs}.
 * {@link io.ipcring.stress.chaos.RingChaos} applies it to ipcring's rings and checks their
 * delivery guarantee; {@link io.ipcring.stress.chaos.JournalChaos} applies it to the journal
 * (appenders and named readers killed, a dead appender's claim repaired, an in-order replay).
 */
package io.ipcring.stress.chaos;
