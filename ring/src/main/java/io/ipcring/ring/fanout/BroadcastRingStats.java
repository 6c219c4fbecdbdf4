package io.ipcring.ring.fanout;

/**
 * A snapshot of a {@link BroadcastRing}'s counters, in the style of every ring family's
 * statistics ({@code UnicastRingStats}, {@link WorkQueueRingStats}). Each counter is read
 * atomically; the snapshot as a whole is not, so counters may be a few events apart.
 *
 * @param messages           messages published
 * @param bytes              payload bytes published
 * @param producerRepairs    dead producers' claims turned into padding
 * @param fullEvents         offers refused because the slowest subscriber held the producers back
 * @param subscriberReleases subscribers released for not polling within the liveness timeout
 */
public record BroadcastRingStats(long messages, long bytes, long producerRepairs, long fullEvents,
                                 long subscriberReleases) {
}
