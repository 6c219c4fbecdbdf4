/* Prints the libc constants the sync module hard-codes (OsSemaphoreConstants, OpenFlags, the
 * Errno values it tells apart) and the sizes of the structures it passes, as NAME=value lines,
 * so OsSemaphoreConstantsTest can compare them with this machine's headers. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

#define PRINT(name) printf("%s=%ld\n", #name, (long) (name))

int main(void) {
    PRINT(O_RDONLY);
    PRINT(O_RDWR);
    PRINT(O_CREAT);
    PRINT(O_EXCL);
    PRINT(O_CLOEXEC);
    PRINT(IPC_CREAT);
    PRINT(IPC_EXCL);
    PRINT(IPC_NOWAIT);
    PRINT(SEM_UNDO);
    PRINT(IPC_PRIVATE);
    PRINT(IPC_RMID);
    PRINT(IPC_STAT);
    PRINT(GETVAL);
    PRINT(GETALL);
    PRINT(SETVAL);
    PRINT(CLOCK_REALTIME);
    PRINT(SEM_VALUE_MAX);
    PRINT(NAME_MAX);
    PRINT(EPERM);
    PRINT(ENOENT);
    PRINT(EINTR);
    PRINT(E2BIG);
    PRINT(EAGAIN);
    PRINT(ENOMEM);
    PRINT(EACCES);
    PRINT(EEXIST);
    PRINT(ENFILE);
    PRINT(EMFILE);
    PRINT(EFBIG);
    PRINT(EINVAL);
    PRINT(ENOSPC);
    PRINT(ERANGE);
    PRINT(ENAMETOOLONG);
    PRINT(EIDRM);
    PRINT(EOVERFLOW);
    PRINT(ETIMEDOUT);
    printf("SEMID_DS_NSEMS_OFFSET=%ld\n", (long) offsetof(struct semid_ds, sem_nsems));
    printf("SEMID_DS_SIZE=%ld\n", (long) sizeof(struct semid_ds));
    printf("SEMBUF_SIZE=%ld\n", (long) sizeof(struct sembuf));
    printf("TIMESPEC_SIZE=%ld\n", (long) sizeof(struct timespec));
    return 0;
}
