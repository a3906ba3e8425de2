#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core.h"
#include "transport.h"

/* Unix98 pty slaves: majors 136-143 (Documentation/admin-guide/devices.txt). */
static bool
transport_is_pty(const char *real_path, const struct stat *st)
{
	unsigned maj = major(st->st_rdev);

	return str_starts_with(real_path, "/dev/pts/") ||
	    (S_ISCHR(st->st_mode) && maj >= 136 && maj <= 143);
}

/*
 * libserialport 0.1.1 knows a port only by its /sys/class/tty entry; ptys
 * and odd devices without one take the termios2 path.
 */
static bool
transport_has_sysfs(const char *real_path)
{
	const char *base = strrchr(real_path, '/');
	char *sys;
	struct stat st;
	bool found;

	base = base != NULL ? base + 1 : real_path;
	sys = xasprintf("/sys/class/tty/%s/device", base);
	found = stat(sys, &st) == 0;
	free(sys);
	return found;
}

int
transport_open(struct transport *t, const char *path, int baud, char **cause)
{
	char real[PATH_MAX];
	struct stat st;
	int error, actual;

	t->fd = -1;
	t->serial = NULL;
	t->real_path = NULL;
	if (realpath(path, real) == NULL || stat(real, &st) != 0) {
		error = errno;
		set_cause(cause, "%s: %s", path, transport_open_hint(error));
		errno = error;
		return -1;
	}
	if (!S_ISCHR(st.st_mode)) {
		set_cause(cause, "%s: %s", path, transport_open_hint(ENOTTY));
		errno = ENOTTY;
		return -1;
	}
	t->real_path = xstrdup(real);
	if (!transport_is_pty(real, &st) && transport_has_sysfs(real)) {
		if (transport_serial_open(t, real, baud, cause) != 0)
			goto fail;
	} else if ((t->fd = transport_pty_open(real, baud, cause)) < 0)
		goto fail;
	/* A UART that cannot make the rate keeps its old one, silently. */
	if (baud > 0 && (actual = transport_pty_get_baud(t->fd)) > 0 &&
	    (actual < baud - baud / 33 || actual > baud + baud / 33)) {
		set_cause(cause, "%s: the port cannot run at %d baud (it stays "
		    "at %d); try --baud 115200", path, baud, actual);
		transport_close(t);
		errno = EINVAL;
		return -1;
	}
	log_debug("transport: %s (%s) open on fd %d at %d baud, %s", path, real,
	    t->fd, baud, t->serial != NULL ? "libserialport" : "termios2");
	return 0;

fail:
	error = errno;
	free(t->real_path);
	t->real_path = NULL;
	errno = error;
	return -1;
}

void
transport_close(struct transport *t)
{
	if (t->serial != NULL)
		transport_serial_close(t);
	else if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	free(t->real_path);
	t->real_path = NULL;
}

ssize_t
transport_read(struct transport *t, void *buf, size_t len)
{
	ssize_t n = read(t->fd, buf, len);

	/* With VMIN=0 read() returns 0 when nothing is pending, even after a
	 * hang-up: only poll's POLLHUP/POLLERR or EIO mean the device left. */
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	return -1;
}

ssize_t
transport_write(struct transport *t, const void *buf, size_t len)
{
	ssize_t n = write(t->fd, buf, len);

	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return 0;
	return -1;
}
