/*
 * The termios2 half of the transport: ptys (the virtual printer, Klipper's
 * G-code port) and the finishing touches on fds libserialport opened.
 * <asm/termbits.h> and <termios.h> define different struct termios, so this
 * file must never include <termios.h> or <pty.h>.
 */
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "transport.h"

/* <sys/ioctl.h> would drag in glibc's termio definitions; declare only ioctl. */
extern int ioctl(int fd, unsigned long request, ...);

const char *
transport_open_hint(int error)
{
	switch (error) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		return "no such port: is the printer plugged in and switched on?";
	case EACCES:
	case EPERM:
		return "permission denied: add yourself to the dialout group "
		    "(sudo adduser $USER dialout) and log in again";
	case EBUSY:
		return "the port is in use by another program "
		    "(another layerlab, OctoPrint, a slicer?)";
	case ENOTTY:
		return "not a serial port";
	default:
		return strerror(error);
	}
}

int
transport_pty_configure(int fd, int baud, char **cause)
{
	struct termios2 tio;
	int bits;

	if (ioctl(fd, TCGETS2, &tio) != 0) {
		set_cause(cause, "cannot read the port settings: %s",
		    strerror(errno));
		return -1;
	}
	tio.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
	    IGNCR | ICRNL | IXON | IXOFF | IXANY);
	tio.c_oflag &= ~(tcflag_t)OPOST;
	tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	/* HUPCL would drop DTR on close and reset 8-bit boards mid-print. */
	tio.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB | CRTSCTS | HUPCL);
	tio.c_cflag |= CS8 | CREAD | CLOCAL;
	if (baud > 0) {
		/* BOTHER takes any rate, 250000 included. */
		tio.c_cflag &= ~(tcflag_t)(CBAUD | (CBAUD << IBSHIFT));
		tio.c_cflag |= BOTHER | (BOTHER << IBSHIFT);
		tio.c_ispeed = tio.c_ospeed = (speed_t)baud;
	}
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 0;
	if (ioctl(fd, TCSETS2, &tio) != 0) {
		set_cause(cause, "cannot set %d baud, 8N1: %s", baud,
		    strerror(errno));
		return -1;
	}
	/* Ptys have no modem lines (ENOTTY); real ports want DTR and RTS up. */
	bits = TIOCM_DTR | TIOCM_RTS;
	if (ioctl(fd, TIOCMBIS, &bits) != 0 && errno != ENOTTY && errno != EINVAL)
		log_debug("transport: TIOCMBIS: %s", strerror(errno));
	if (ioctl(fd, TIOCEXCL) != 0) {
		set_cause(cause, "cannot take the port exclusively: %s",
		    strerror(errno));
		return -1;
	}
	/* Whatever the board said before we opened (an old boot banner, the
	 * end of a previous session) would be read as answers to our first
	 * commands: a stale "start" restarts the handshake. */
	if (ioctl(fd, TCFLSH, TCIFLUSH) != 0)
		log_debug("transport: TCFLSH: %s", strerror(errno));
	return 0;
}

int
transport_pty_get_baud(int fd)
{
	struct termios2 tio;

	if (ioctl(fd, TCGETS2, &tio) != 0)
		return -1;
	return (int)tio.c_ospeed;
}

int
transport_pty_finish(int fd, char **cause)
{
	struct termios2 tio;

	if (ioctl(fd, TCGETS2, &tio) != 0) {
		set_cause(cause, "cannot read the port settings: %s",
		    strerror(errno));
		return -1;
	}
	tio.c_cflag &= ~(tcflag_t)HUPCL;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 0;
	if (ioctl(fd, TCSETS2, &tio) != 0) {
		set_cause(cause, "cannot clear HUPCL: %s", strerror(errno));
		return -1;
	}
	if (ioctl(fd, TIOCEXCL) != 0) {
		set_cause(cause, "cannot take the port exclusively: %s",
		    strerror(errno));
		return -1;
	}
	/* Whatever the board said before we opened (an old boot banner, the
	 * end of a previous session) would be read as answers to our first
	 * commands: a stale "start" restarts the handshake. */
	if (ioctl(fd, TCFLSH, TCIFLUSH) != 0)
		log_debug("transport: TCFLSH: %s", strerror(errno));
	return 0;
}

int
transport_pty_open(const char *path, int baud, char **cause)
{
	int fd, error;

	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		error = errno;
		set_cause(cause, "%s: %s", path, transport_open_hint(error));
		errno = error;
		return -1;
	}
	if (!isatty(fd)) {
		close(fd);
		set_cause(cause, "%s: %s", path, transport_open_hint(ENOTTY));
		errno = ENOTTY;
		return -1;
	}
	if (transport_pty_configure(fd, baud, cause) != 0) {
		error = errno;
		close(fd);
		errno = error;
		return -1;
	}
	return fd;
}
