#define _GNU_SOURCE /* semtimedop */
/* The C side of OsSemaphoreInteropTest: uses semaphores a Java process created.
 *
 *   posix <request> <reply> <rounds>  wait on the named semaphore request, post reply, rounds times
 *   sysv <id>                         one semop: take 1 from semaphore 0 (SEM_UNDO), add 1 to semaphore 1
 *   ftok <path> <projectId>           print the key
 *
 * Every wait gives up after 30 s; exit status 0 means done. */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

#define WAIT_SECONDS 30

static int fail(const char *what) {
    printf("FAILED: %s: %s\n", what, strerror(errno));
    return 1;
}

static int posix(const char *request_name, const char *reply_name, int rounds) {
    sem_t *request = sem_open(request_name, 0);
    sem_t *reply = sem_open(reply_name, 0);
    if (request == SEM_FAILED || reply == SEM_FAILED) {
        return fail("sem_open");
    }
    for (int i = 0; i < rounds; i++) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += WAIT_SECONDS;
        int result;
        while ((result = sem_timedwait(request, &deadline)) != 0 && errno == EINTR) {
        }
        if (result != 0) {
            return fail("sem_timedwait");
        }
        if (sem_post(reply) != 0) {
            return fail("sem_post");
        }
    }
    sem_close(request);
    sem_close(reply);
    printf("answered %d requests\n", rounds);
    return 0;
}

static int sysv(int id) {
    struct sembuf ops[2] = {{0, -1, SEM_UNDO}, {1, 1, 0}};
    struct timespec timeout = {WAIT_SECONDS, 0};
    if (semtimedop(id, ops, 2, &timeout) != 0) {
        return fail("semtimedop");
    }
    printf("took semaphore 0 with SEM_UNDO and added to semaphore 1; exiting\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "posix") == 0) {
        return posix(argv[2], argv[3], atoi(argv[4]));
    }
    if (argc == 3 && strcmp(argv[1], "sysv") == 0) {
        return sysv(atoi(argv[2]));
    }
    if (argc == 4 && strcmp(argv[1], "ftok") == 0) {
        key_t key = ftok(argv[2], atoi(argv[3]));
        if (key == -1) {
            return fail("ftok");
        }
        printf("%d\n", (int) key);
        return 0;
    }
    printf("usage: posix <request> <reply> <rounds> | sysv <id> | ftok <path> <projectId>\n");
    return 2;
}
