package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.sync.OsSemaphoreException.Reason;
import org.junit.jupiter.api.Test;

class OsSemaphoreExceptionTest {
    @Test
    void reasonFollowsTheErrorNumber() {
        assertEquals(Reason.NOT_FOUND, OsSemaphoreException.reasonOf(OsSemaphoreLibc.ENOENT));
        assertEquals(Reason.ALREADY_EXISTS, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EEXIST));
        assertEquals(Reason.PERMISSION_DENIED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EACCES));
        assertEquals(Reason.PERMISSION_DENIED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EPERM));
        assertEquals(Reason.INVALID_ARGUMENT, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EINVAL));
        assertEquals(Reason.INVALID_ARGUMENT, OsSemaphoreException.reasonOf(OsSemaphoreLibc.ENAMETOOLONG));
        assertEquals(Reason.INVALID_ARGUMENT, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EFBIG));
        assertEquals(Reason.VALUE_OUT_OF_RANGE, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EOVERFLOW));
        assertEquals(Reason.VALUE_OUT_OF_RANGE, OsSemaphoreException.reasonOf(OsSemaphoreLibc.ERANGE));
        assertEquals(Reason.REMOVED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EIDRM));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.ENOSPC));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.ENOMEM));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.EMFILE));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(OsSemaphoreLibc.ENFILE));
        assertEquals(Reason.TOO_MANY_OPERATIONS, OsSemaphoreException.reasonOf(OsSemaphoreLibc.E2BIG));
        assertEquals(Reason.OTHER, OsSemaphoreException.reasonOf(9999));
    }

    @Test
    void messageNamesTheCallTheErrnoAndTheReason() {
        OsSemaphoreException e = OsSemaphoreException.of(OsSemaphoreLibc.EEXIST, "sem_open(name=/x)");
        assertEquals("sem_open(name=/x): EEXIST (ALREADY_EXISTS)", e.getMessage());
        assertEquals(OsSemaphoreLibc.EEXIST, e.errno());
        assertEquals("EEXIST", e.errnoName());
        assertEquals(Reason.ALREADY_EXISTS, e.reason());
    }

    @Test
    void explicitReasonIsKept() {
        OsSemaphoreException e = new OsSemaphoreException(Reason.REMOVED, OsSemaphoreLibc.EINVAL, "semop(id=3)");
        assertEquals(Reason.REMOVED, e.reason());
        assertEquals("EINVAL", e.errnoName());
        assertEquals("semop(id=3): EINVAL (REMOVED)", e.getMessage());
    }
}
