package io.ipcring.bench;

/**
 * The points at which a case's parent and child wait for each other. Each side publishes the last
 * step it reached in its own word of the {@link ControlLayout control region}; a side waiting for
 * a step waits until the other side's word is at least that step.
 */
enum Step {
    /** The child has mapped the control region and is ready for the floor probe. */
    STARTED(1),
    /** This side has opened its endpoint of the transport. */
    OPENED(2),
    /** The child has received the throughput warm-up stream. */
    WARMED(3),
    /** The child has received every measured throughput message and written its figures. */
    RECEIVED(4),
    /** The child has closed its endpoint; the parent lets it exit (its watchdog expects the exit). */
    CLOSED(5),
    /** The parent gave up (the transport is not available or failed): the child must exit. */
    ABORTED(-1);

    final int value;

    Step(int value) {
        this.value = value;
    }
}
