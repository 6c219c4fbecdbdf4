/**
 * The test-support kit every ipcring module's tests share, so each mechanism exists once:
 * {@link io.ipcring.testsupport.TestPaths} (unique file paths, deleted at close),
 * {@link io.ipcring.testsupport.FileBytes} (reading and patching words of a closed file),
 * {@link io.ipcring.testsupport.AllocationMeter} (bytes the current thread allocated),
 * {@link io.ipcring.testsupport.ChildJvm} (a second JVM running a main class of the test class
 * path) and {@link io.ipcring.testsupport.DeadProcess} (a process that was started and reaped).
 *
 * <p>The kit depends on nothing of ipcring: a child JVM's flags are the caller's argument
 * (ipcring's tests pass {@code io.ipcring.sync.os.ChildJvmFlags.forIpcring()}). Modules take it
 * with {@code <scope>test</scope>}; no main code uses it.
 */
package io.ipcring.testsupport;
