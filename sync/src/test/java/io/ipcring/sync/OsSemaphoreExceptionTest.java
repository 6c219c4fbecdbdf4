package io.ipcring.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcring.sync.OsSemaphoreException.Reason;
import io.ipcring.sync.os.Errno;
import org.junit.jupiter.api.Test;

class OsSemaphoreExceptionTest {
    @Test
    void reasonFollowsTheErrorNumber() {
        assertEquals(Reason.NOT_FOUND, OsSemaphoreException.reasonOf(Errno.ENOENT));
        assertEquals(Reason.ALREADY_EXISTS, OsSemaphoreException.reasonOf(Errno.EEXIST));
        assertEquals(Reason.PERMISSION_DENIED, OsSemaphoreException.reasonOf(Errno.EACCES));
        assertEquals(Reason.PERMISSION_DENIED, OsSemaphoreException.reasonOf(Errno.EPERM));
        assertEquals(Reason.INVALID_ARGUMENT, OsSemaphoreException.reasonOf(Errno.EINVAL));
        assertEquals(Reason.INVALID_ARGUMENT, OsSemaphoreException.reasonOf(Errno.ENAMETOOLONG));
        assertEquals(Reason.INVALID_ARGUMENT, OsSemaphoreException.reasonOf(Errno.EFBIG));
        assertEquals(Reason.VALUE_OUT_OF_RANGE, OsSemaphoreException.reasonOf(Errno.EOVERFLOW));
        assertEquals(Reason.VALUE_OUT_OF_RANGE, OsSemaphoreException.reasonOf(Errno.ERANGE));
        assertEquals(Reason.REMOVED, OsSemaphoreException.reasonOf(Errno.EIDRM));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(Errno.ENOSPC));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(Errno.ENOMEM));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(Errno.EMFILE));
        assertEquals(Reason.LIMIT_REACHED, OsSemaphoreException.reasonOf(Errno.ENFILE));
        assertEquals(Reason.TOO_MANY_OPERATIONS, OsSemaphoreException.reasonOf(Errno.E2BIG));
        assertEquals(Reason.OTHER, OsSemaphoreException.reasonOf(9999));
    }

    @Test
    void messageNamesTheCallTheErrnoAndTheReason() {
        OsSemaphoreException e = OsSemaphoreException.of(Errno.EEXIST, "sem_open(name=/x)");
        assertEquals("sem_open(name=/x): EEXIST (ALREADY_EXISTS)", e.getMessage());
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("EEXIST", e.errnoName());
        assertEquals(Reason.ALREADY_EXISTS, e.reason());
    }

    @Test
    void explicitReasonIsKept() {
        OsSemaphoreException e = new OsSemaphoreException(Reason.REMOVED, Errno.EINVAL, "semop(id=3)");
        assertEquals(Reason.REMOVED, e.reason());
        assertEquals("EINVAL", e.errnoName());
        assertEquals("semop(id=3): EINVAL (REMOVED)", e.getMessage());
    }
}
