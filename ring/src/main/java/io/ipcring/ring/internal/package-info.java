/**
 * Endpoint machinery both ring families share: the lifecycle word that lets a close from any
 * thread race a poll or offer safely ({@link io.ipcring.ring.internal.EndpointLifecycle}), and
 * the watch that turns a truncated or replaced ring file into a clear exception
 * ({@link io.ipcring.ring.internal.FileWatch}), and the one way a blocking call waits
 * ({@link io.ipcring.ring.internal.RingWait}). Not API: its types are public only so that the
 * family packages can use them, and the module does not export this package.
 */
package io.ipcring.ring.internal;
