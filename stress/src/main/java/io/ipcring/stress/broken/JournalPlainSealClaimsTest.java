package io.ipcring.stress.broken;

import io.ipcring.stress.ring.JournalRollModel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code io.ipcring.stress.ring.JournalRollClaimsTest} with the seal a volatile store of the
 * claim word the sealer read instead of a compare-and-set: a claim made between that read and
 * the store is undone, so its record is lost to the segment and its sequence given again in
 * the next. Expected to report FORBIDDEN outcomes.
 */
@JCStressTest
@Description("BROKEN on purpose: a journal seal by plain store racing a claim; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = {"5, 6, 7", "6, 5, 7"}, expect = Expect.ACCEPTABLE, desc = "As in the correct test.")
@Outcome(id = "5, 5, 6", expect = Expect.FORBIDDEN, desc = "The seal undid the small claim: sequence 5 twice, one record lost.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else.")
@State
public class JournalPlainSealClaimsTest {
    private final JournalRollModel journal = new JournalRollModel(5, JournalRollModel.Mistake.PLAIN_SEAL);

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
