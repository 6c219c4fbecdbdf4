package io.ipcring.stress.ring;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Concurrent claims at a journal roll ({@link JournalRollModel}): segment 0 holds five records
 * and room for exactly one more 8-byte record; one appender appends such a record, the other a
 * 16-byte one that does not fit and seals. Never both the same sequence, never a lost record:
 * the two get 5 and 6, and the segments hold seven records in sequence order.
 */
@JCStressTest
@Description("Journal: two appenders at a roll, one taking the last room and one sealing, get distinct sequences and lose no record.")
@Outcome(id = {"5, 6, 7", "6, 5, 7"}, expect = Expect.ACCEPTABLE, desc = "Distinct sequences, seven records in order.")
@Outcome(expect = Expect.FORBIDDEN, desc = "The same sequence twice, a lost or overwritten record (-1), or a gap.")
@State
public class JournalRollClaimsTest {
    private final JournalRollModel journal = new JournalRollModel(5, JournalRollModel.Mistake.NONE);

    /** @param r r1: the small record's sequence */
    @Actor
    public void appendSmall(III_Result r) {
        r.r1 = (int) journal.append(8, 1000);
    }

    /** @param r r2: the large record's sequence */
    @Actor
    public void appendLarge(III_Result r) {
        r.r2 = (int) journal.append(16, 2000);
    }

    /** @param r r3: records in both segments, checked, or -1 */
    @Arbiter
    public void check(III_Result r) {
        r.r3 = journal.checkedRecords();
    }
}
