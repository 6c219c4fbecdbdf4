package io.ipcring.stress.ring;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Publication of a journal record across a segment roll ({@link JournalRollModel}): segment 0
 * holds five records and no room for a 16-byte one; the appender seals it, activates segment 1
 * and commits its record there. A reader at segment 0's end that sees the seal, segment 1's
 * first sequence and the record's header sees its payload and sequence.
 */
@JCStressTest
@Description("Journal: a reader that follows a roll into the next segment and sees its first record's header sees that record whole.")
@Outcome(id = "0, 0, -1, 5", expect = Expect.ACCEPTABLE, desc = "The reader came before the seal.")
@Outcome(id = "1, 0, -1, 5", expect = Expect.ACCEPTABLE, desc = "Sealed, the next segment not active yet.")
@Outcome(id = "2, 0, -1, 5", expect = Expect.ACCEPTABLE, desc = "In the next segment, its record not committed yet.")
@Outcome(id = "2, 1, 1, 5", expect = Expect.ACCEPTABLE, desc = "In the next segment, its record read whole.")
@Outcome(expect = Expect.FORBIDDEN, desc = "A torn record (2, 1, 0), a record at the old segment's end, or a wrong sequence.")
@State
public class JournalRollPublicationTest {
    private final JournalRollModel journal = new JournalRollModel(5, JournalRollModel.Mistake.NONE);
    private final int end = journal.claimedOffset();
    private final int[] read = new int[3];

    /** @param r r4: the record's sequence */
    @Actor
    public void append(IIII_Result r) {
        r.r4 = (int) journal.append(16, 100);
    }

    /** @param r r1: where the reader got; r2: committed seen; r3: intact */
    @Actor
    public void read(IIII_Result r) {
        journal.readAcrossTheRoll(end, 16, 100, read);
        r.r1 = read[0];
        r.r2 = read[1];
        r.r3 = read[2];
    }
}
