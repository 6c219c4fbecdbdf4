package io.ipcring.ring.fanout;

/**
 * A snapshot of a {@link WorkQueueRing}'s counters, in the style of every ring family's
 * statistics ({@code UnicastRingStats}, {@link BroadcastRingStats}). Each counter is read
 * atomically; the snapshot as a whole is not, so counters may be a few events apart.
 *
 * @param messages        messages published
 * @param bytes           payload bytes published
 * @param producerRepairs dead producers' claims turned into padding
 * @param fullEvents      offers refused for lack of room or over the message bound
 * @param redeliveries    messages taken over from dead consumers
 * @param handlerFailures messages given back because a handler threw
 */
public record WorkQueueRingStats(long messages, long bytes, long producerRepairs, long fullEvents, long redeliveries,
                                 long handlerFailures) {
}
