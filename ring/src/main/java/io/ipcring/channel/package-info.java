/**
 * The channel API every ipcring transport implements: {@link io.ipcring.channel.Publisher} and
 * {@link io.ipcring.channel.Subscriber} (with its {@link io.ipcring.channel.MessageHandler}),
 * opened by URI through {@link io.ipcring.channel.Channels}; the service-provider interface
 * {@link io.ipcring.channel.ChannelProvider} by which a module adds a scheme; the URI
 * ({@link io.ipcring.channel.ChannelUri}); the one message format every transport carries
 * ({@link io.ipcring.channel.MessageFrame}: a type and a payload); and the exceptions a channel
 * throws ({@link io.ipcring.channel.ChannelException} and its subclasses).
 *
 * <p>Nothing here knows a mechanism: the shared-memory rings serve {@code shm:} from
 * {@code io.ipcring.ring}, the pipe, FIFO, message-queue and socket transports serve their
 * schemes from the {@code legacy-transports} module.
 */
package io.ipcring.channel;
