/**
 * Pipe transport: a parent starts a child with {@link io.ipcring.transport.pipe.PipeProcess}
 * and exchanges frames over the child's stdin and stdout; the child opens {@code pipe:stdio}
 * ({@link io.ipcring.transport.pipe.StdioPipe}), which reserves its stdout for frames.
 */
package io.ipcring.transport.pipe;
