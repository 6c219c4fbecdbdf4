package io.ipcring.ring.fanout;

import io.ipcring.sync.ProcessIdentity;

/** Packed identities of processes that are gone, for the fan-out rings' recovery tests. */
final class DeadIdentities {
    private DeadIdentities() {
    }

    /** @return a packed identity of "this pid, started at another time": a process that is gone */
    static long deadIdentity() {
        ProcessIdentity me = ProcessIdentity.current();
        return PackedIdentity.pack(new ProcessIdentity(me.pid(), me.startTicks() + 12_345));
    }
}
