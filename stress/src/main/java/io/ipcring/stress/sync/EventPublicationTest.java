package io.ipcring.stress.sync;

import io.ipcring.stress.SharedMemoryArena;
import io.ipcring.sync.Event;
import io.ipcring.sync.MappedMemory;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Message passing through {@link Event}: the setter writes a plain data word, then sets the event;
 * an observer that sees the event set ({@link Event#isSet()}) must see the data.
 */
@JCStressTest
@Description("Event: a thread that sees the event set sees what the setter wrote before set().")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "The event was not set yet; the data not written yet.")
@Outcome(id = "0, 42", expect = Expect.ACCEPTABLE, desc = "The event was not set yet, the data happened to be visible already.")
@Outcome(id = "1, 42", expect = Expect.ACCEPTABLE, desc = "The event was set and the data visible.")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "The event was seen set but the data written before set() was not: set() is not a release or isSet() not an acquire.")
@State
public class EventPublicationTest {
    private final MappedMemory memory = SharedMemoryArena.memory();
    private final int base = SharedMemoryArena.allocate();
    private final int data = base + 64;
    private final Event setter = Event.initialize(memory, base, false);
    private final Event observer = Event.attach(memory, base);

    /** Writes the data, then sets the event. */
    @Actor
    public void set() {
        memory.putInt(data, 42);
        setter.set();
    }

    /** @param r r1: 1 when the event was set; r2: the data read after */
    @Actor
    public void observe(II_Result r) {
        r.r1 = observer.isSet() ? 1 : 0;
        r.r2 = memory.getInt(data);
    }
}
