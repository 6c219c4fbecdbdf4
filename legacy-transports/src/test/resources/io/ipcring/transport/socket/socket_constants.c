/* Prints the libc constants and structure layouts the unix: socket transport hard-codes
 * (UnixSocketLibc, SocketStructs, UnixListener) and the errno values it tells apart (Errno's) as
 * NAME=value lines, so UnixSocketLibcTest can compare them with this machine's headers. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define PRINT(name) printf("%s=%ld\n", #name, (long) (name))
#define PRINT_AS(label, value) printf("%s=%ld\n", label, (long) (value))

int main(void) {
    PRINT(AF_UNIX);
    PRINT(SOCK_STREAM);
    PRINT(SOCK_NONBLOCK);
    PRINT(SOCK_CLOEXEC);
    PRINT(SOL_SOCKET);
    PRINT(SO_PEERCRED);
    PRINT_AS("MODE_OWNER_READ_WRITE", S_IRUSR | S_IWUSR);
    PRINT(ENOENT);
    PRINT(EINTR);
    PRINT(EAGAIN);
    PRINT(EPIPE);
    PRINT(EADDRINUSE);
    PRINT(ECONNABORTED);
    PRINT(ECONNREFUSED);
    PRINT(ECONNRESET);
    PRINT(POLLIN);
    PRINT_AS("SOCKADDR_UN_SIZE", sizeof(struct sockaddr_un));
    PRINT_AS("SUN_FAMILY_OFFSET", offsetof(struct sockaddr_un, sun_family));
    PRINT_AS("SUN_PATH_OFFSET", offsetof(struct sockaddr_un, sun_path));
    PRINT_AS("SUN_PATH_SIZE", sizeof(((struct sockaddr_un *) 0)->sun_path));
    PRINT_AS("MAX_PATH_BYTES", sizeof(((struct sockaddr_un *) 0)->sun_path) - 1);
    PRINT_AS("UCRED_SIZE", sizeof(struct ucred));
    PRINT_AS("UCRED_PID_OFFSET", offsetof(struct ucred, pid));
    PRINT_AS("UCRED_UID_OFFSET", offsetof(struct ucred, uid));
    PRINT_AS("UCRED_GID_OFFSET", offsetof(struct ucred, gid));
    PRINT_AS("SOCKLEN_SIZE", sizeof(socklen_t));
    PRINT_AS("POLLFD_SIZE", sizeof(struct pollfd));
    PRINT_AS("POLLFD_FD", offsetof(struct pollfd, fd));
    PRINT_AS("POLLFD_EVENTS", offsetof(struct pollfd, events));
    PRINT_AS("POLLFD_REVENTS", offsetof(struct pollfd, revents));
    return 0;
}
