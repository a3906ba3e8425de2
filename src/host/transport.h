/*
 * transport: the byte pipe under the printer link. Whatever opened the port
 * (libserialport for real serial devices, POSIX termios2 for
 * pseudo-terminals), all I/O runs on one raw non-blocking fd in the loop.
 * Internal to host/.
 */
#ifndef LL_HOST_TRANSPORT_H
#define LL_HOST_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct transport {
	int fd;			/* -1 when closed */
	void *serial;		/* struct sp_port * when libserialport opened it */
	char *real_path;	/* the device after resolving links */
};

/*
 * Opens path (symlinks such as /dev/serial/by-id/... resolved first): a
 * pseudo-terminal through termios2, anything with a sysfs tty entry through
 * libserialport. Raw 8N1, no flow control, HUPCL cleared (no DTR drop on
 * close), exclusive. -1 with a cause a user can act on.
 */
int transport_open(struct transport *t, const char *path, int baud,
    char **cause);
void transport_close(struct transport *t);
/* > 0 bytes read, 0 nothing pending, -1 the device is gone (errno kept). */
ssize_t transport_read(struct transport *t, void *buf, size_t len);
/* >= 0 bytes written (0: would block), -1 the device is gone. */
ssize_t transport_write(struct transport *t, const void *buf, size_t len);

/* termios2 path (transport_pty.c). */
int transport_pty_open(const char *path, int baud, char **cause);
int transport_pty_configure(int fd, int baud, char **cause);
/* The output baud rate the port is set to (termios2 reads back any rate). */
int transport_pty_get_baud(int fd);
/* Clears HUPCL and takes the port exclusively; for fds libserialport opened. */
int transport_pty_finish(int fd, char **cause);
/* Explains an open() errno for a serial port in a user's words. */
const char *transport_open_hint(int error);

/* libserialport path (transport_serial.c). */
int transport_serial_open(struct transport *t, const char *real_path,
    int baud, char **cause);
void transport_serial_close(struct transport *t);

#endif
