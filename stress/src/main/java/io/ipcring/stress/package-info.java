/**
 * ipcring's stress suite: {@link io.ipcring.stress.StressMain} runs it all and prints one
 * verdict. jcstress tests live in {@code sync} and {@code ring} (deliberately broken twins in
 * {@code broken}), multi-process chaos runs in {@code chaos}, fuzzers in {@code fuzz}; the classes
 * here give the jcstress states real shared memory ({@link io.ipcring.stress.SharedMemoryArena})
 * and real rings ({@link io.ipcring.stress.StressRings}, {@link io.ipcring.stress.StressFanoutRings}).
 */
package io.ipcring.stress;
