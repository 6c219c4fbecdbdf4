/**
 * Message-queue transports: POSIX message queues ({@code mq:/name}) and System V message queues
 * ({@code sysvmq:key} or {@code sysvmq:/path?proj=N}), behind the same
 * {@link io.ipcring.channel.Publisher} / {@link io.ipcring.channel.Subscriber} API as the rings and
 * registered for {@link io.ipcring.channel.Channels} by {@link io.ipcring.transport.mq.PosixMqProvider}
 * and {@link io.ipcring.transport.mq.SysVMqProvider}.
 *
 * <p>Decisions that hold for both kinds of queue:
 * <ul>
 *   <li><b>One queue message = one ipcring frame</b> (8-byte header + payload, see
 *       {@link io.ipcring.channel.MessageFrame}). The queue delimits messages, so the length field is
 *       a check: a message is valid only if its size is exactly 8 + length. System V also carries
 *       the type as {@code mtype}, so receivers can select by type; both copies must agree.</li>
 *   <li><b>A malformed message does not close the subscriber.</b> It is consumed, reported by a
 *       {@link io.ipcring.channel.MalformedFrameException} from that poll, and the next poll continues
 *       with the next message: unlike a byte stream, a queue cannot lose its framing.</li>
 *   <li><b>Queues outlive their processes.</b> Messages wait in the kernel for a receiver that has
 *       not started yet. Nobody removes a queue implicitly: call
 *       {@link io.ipcring.transport.mq.PosixMessageQueue#unlink(String)} or
 *       {@link io.ipcring.transport.mq.SysVMessageQueue#remove(int)}, or open the creating endpoint
 *       with {@code unlinkOnClose=true} / {@code removeOnClose=true}.</li>
 *   <li><b>System limits are named.</b> A queue or message too large for
 *       /proc/sys/fs/mqueue/* or /proc/sys/kernel/msg* fails with the limit's file, value and
 *       sysctl, not a bare EINVAL; a payload above a queue's maximum is an
 *       {@link java.lang.IllegalArgumentException} naming that maximum.</li>
 *   <li><b>No allocation per message:</b> each endpoint owns direct buffers allocated at open
 *       and passes their native addresses to libc through {@link io.ipcring.sync.os.Os#CALLS}.</li>
 *   <li><b>Waiting:</b> POSIX timed calls wait in the kernel (mq_timedsend/mq_timedreceive) in
 *       slices of 10 ms to honour interrupts; System V has no timed calls, so its timed variants
 *       retry IPC_NOWAIT calls in the library's one short-wait policy: at once for the spin
 *       budget, then between parks growing to 1 ms, never a yield (see {@code SysVWait}).</li>
 * </ul>
 * Endpoints are not thread-safe: one thread at a time, like the rings' publishers and subscribers.
 */
package io.ipcring.transport.mq;
