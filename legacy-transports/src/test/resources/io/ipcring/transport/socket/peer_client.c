/* A client of SocketServersTest that is not a JVM, so it can run as another user: connects to
 * the Unix socket argv[1], sends one empty ipcring frame of type 7 (little-endian length 0,
 * type 7), then reads until the server closes the connection. Prints "connected" and exits 0,
 * or prints "connect errno=N" and exits 3 when the connect fails. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2 || strlen(argv[1]) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
        fprintf(stderr, "usage: peer_client SOCKET_PATH\n");
        return 2;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    strcpy(address.sun_path, argv[1]);
    if (connect(fd, (struct sockaddr *) &address, sizeof address) != 0) {
        printf("connect errno=%d\n", errno);
        return 3;
    }
    printf("connected\n");
    fflush(stdout);
    unsigned char frame[8] = {0, 0, 0, 0, 7, 0, 0, 0};
    if (write(fd, frame, sizeof frame) != (ssize_t) sizeof frame) {
        printf("write errno=%d\n", errno);
        return 4;
    }
    char buffer[256];
    while (read(fd, buffer, sizeof buffer) > 0) {
    }
    close(fd);
    return 0;
}
