package io.ipcring.cli;

/**
 * A process a region file names as the holder of one of its slots (a producer, consumer or
 * subscriber), as opposed to the processes that merely map it.
 *
 * @param pid   the process id
 * @param alive whether it still runs
 * @param role  what it holds, e.g. "producer [0]" or "subscriber 'audit'"
 */
record RegionOwner(long pid, boolean alive, String role) {
}
