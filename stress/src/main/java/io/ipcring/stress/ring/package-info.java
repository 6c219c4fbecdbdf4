/**
 * jcstress tests of the rings of {@code io.ipcring.ring}: each state is a fresh real ring file
 * ({@link io.ipcring.stress.StressRings}: 256-byte data region, 32-byte largest message) driven
 * through the public producer and consumer API. Payloads are written in place with plain stores
 * and checked word by word ({@link io.ipcring.stress.ring.Payloads}), so a consumer that sees a
 * record before its payload is caught.
 */
package io.ipcring.stress.ring;
