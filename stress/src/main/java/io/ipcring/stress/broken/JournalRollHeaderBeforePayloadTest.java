package io.ipcring.stress.broken;

import io.ipcring.stress.ring.JournalRollModel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@code io.ipcring.stress.ring.JournalRollPublicationTest} with the appender releasing the
 * record's header before its payload: a reader that followed the roll reads a torn record.
 * Expected to report the FORBIDDEN outcome on x86 too.
 */
@JCStressTest
@Description("BROKEN on purpose: a journal appender releasing the header before the payload across a roll; jcstress must report FORBIDDEN outcomes.")
@Outcome(id = {"0, 0, -1, 5", "1, 0, -1, 5", "2, 0, -1, 5", "2, 1, 1, 5"}, expect = Expect.ACCEPTABLE, desc = "As in the correct test.")
@Outcome(id = "2, 1, 0, 5", expect = Expect.FORBIDDEN, desc = "A torn record: header seen, payload not yet.")
@Outcome(expect = Expect.FORBIDDEN, desc = "Anything else.")
@State
public class JournalRollHeaderBeforePayloadTest {
    private final JournalRollModel journal = new JournalRollModel(5, JournalRollModel.Mistake.HEADER_BEFORE_PAYLOAD);
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
