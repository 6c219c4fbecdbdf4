package io.ipcring.bench;

/** Which process of a case an endpoint belongs to. */
public enum Side {
    /** Starts the child, initiates the round trips, sends the throughput messages. */
    PARENT,
    /** Echoes the round trips and counts the throughput messages. */
    CHILD
}
