package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.sync.SysVSemaphoreSet.Op;
import org.junit.jupiter.api.Test;

/** {@link SysVSemaphoreStructs}: the {@code struct sembuf} layout and its description in messages, without the kernel. */
class SysVSemaphoreStructsTest {
    @Test
    void aSembufIsIndexDeltaAndFlagsWithUndoFromTheOperation() {
        short[] sembufs = SysVSemaphoreStructs.newSembufs(3);
        assertEquals(9, sembufs.length, "three shorts per struct sembuf");
        SysVSemaphoreStructs.putSembuf(sembufs, 0, Op.of(2, -3), 0);
        SysVSemaphoreStructs.putSembuf(sembufs, 1, Op.withoutUndo(SysVSemaphoreSet.MAX_SIZE - 1, 7),
                OsSemaphoreConstants.IPC_NOWAIT);
        SysVSemaphoreStructs.putSembuf(sembufs, 2, Op.waitForZero(1), 0);
        assertArrayEquals(new short[] {
            2, -3, (short) OsSemaphoreConstants.SEM_UNDO,
            (short) 0xffff, 7, (short) OsSemaphoreConstants.IPC_NOWAIT,
            1, 0, 0}, sembufs);
        assertEquals(3, SysVSemaphoreStructs.sembufCount(sembufs));
    }

    @Test
    void aDescriptionListsTheFirstOperationsWithUnsignedIndexesSignsAndUndo() {
        short[] sembufs = SysVSemaphoreStructs.newSembufs(2);
        SysVSemaphoreStructs.putSembuf(sembufs, 0, Op.of(SysVSemaphoreSet.MAX_SIZE - 1, 1), 0);
        SysVSemaphoreStructs.putSembuf(sembufs, 1, Op.withoutUndo(0, -2), OsSemaphoreConstants.IPC_NOWAIT);
        assertEquals("[65535+1 undo, 0-2]", SysVSemaphoreStructs.describeSembufs(sembufs));
    }

    @Test
    void aDescriptionOfManyOperationsStopsAtEightAndCountsThemAll() {
        int count = SysVSemaphoreStructs.DESCRIBED_OPS + 1;
        short[] sembufs = SysVSemaphoreStructs.newSembufs(count);
        for (int i = 0; i < count; i++) {
            SysVSemaphoreStructs.putSembuf(sembufs, i, Op.withoutUndo(i, 0), 0);
        }
        assertEquals("[0+0, 1+0, 2+0, 3+0, 4+0, 5+0, 6+0, 7+0, ... 9 in all]",
                SysVSemaphoreStructs.describeSembufs(sembufs));
    }
}
