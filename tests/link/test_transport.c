/*
 * The transport on real pseudo-terminals: raw 8N1 at any baud, HUPCL off,
 * exclusive, byte-exact both ways, clear errors, and a hang-up seen the way
 * a USB unplug is (POLLHUP/POLLERR, EIO on write).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "core.h"
#include "test.h"
#include "transport.h"

static int
make_pty(int *master, char *name)
{
	int slave;

	if (openpty(master, &slave, name, NULL, NULL) != 0)
		return -1;
	/* The transport opens its own; keeping this one would hide hang-ups. */
	close(slave);
	fcntl(*master, F_SETFL, fcntl(*master, F_GETFL) | O_NONBLOCK);
	return 0;
}

static size_t
read_for(int fd, char *buf, size_t size, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	uint64_t end = clock_ms() + (uint64_t)ms;

	while (got < size - 1 && clock_ms() < end) {
		if (poll(&p, 1, 20) > 0 && (p.revents & POLLIN)) {
			ssize_t n = read(fd, buf + got, size - 1 - got);
			if (n > 0)
				got += (size_t)n;
		}
		if (got > 0 && buf[got - 1] == '\n')
			break;
	}
	buf[got] = '\0';
	return got;
}

static void
test_configures_raw_any_baud(void)
{
	struct transport t;
	struct termios tio;
	char name[128], *cause = NULL;
	int master;
	static const int rates[] = { 115200, 250000, 31250 };

	CHECK_INT(make_pty(&master, name), 0);
	for (size_t i = 0; i < LL_ARRAY_LEN(rates); i++) {
		CHECK_INT(transport_open(&t, name, rates[i], &cause), 0);
		CHECK(t.serial == NULL);	/* ptys never go to libserialport */
		CHECK_INT(transport_pty_get_baud(t.fd), rates[i]);
		CHECK_INT(tcgetattr(t.fd, &tio), 0);
		CHECK((tio.c_cflag & HUPCL) == 0);
		CHECK((tio.c_cflag & CSIZE) == CS8);
		CHECK((tio.c_cflag & (PARENB | CSTOPB | CRTSCTS)) == 0);
		CHECK((tio.c_lflag & (ICANON | ECHO | ISIG)) == 0);
		CHECK((tio.c_iflag & (IXON | ICRNL)) == 0);
		CHECK((tio.c_oflag & OPOST) == 0);
		CHECK((fcntl(t.fd, F_GETFL) & O_NONBLOCK) != 0);
		CHECK((fcntl(t.fd, F_GETFD) & FD_CLOEXEC) != 0);
		transport_close(&t);
		CHECK_INT(t.fd, -1);
	}
	close(master);
	free(cause);
}

static void
test_bytes_both_ways(void)
{
	struct transport t;
	char name[128], buf[256], *cause = NULL;
	const char *cmd = "N1 M105*38\n";
	const char *reply = "ok T:21.30 /0.00 B:20.90 /0.00 @:0 B@:0\r\n";
	int master;

	CHECK_INT(make_pty(&master, name), 0);
	CHECK_INT(transport_open(&t, name, 115200, &cause), 0);
	/* Nothing pending: 0, not an error and not an end of file. */
	CHECK_INT(transport_read(&t, buf, sizeof buf), 0);
	CHECK_INT(transport_write(&t, cmd, strlen(cmd)), (long)strlen(cmd));
	read_for(master, buf, sizeof buf, 1000);
	CHECK_STR(buf, cmd);
	CHECK_INT(write(master, reply, strlen(reply)), (long)strlen(reply));
	read_for(t.fd, buf, sizeof buf, 1000);
	CHECK_STR(buf, reply);	/* raw: CR kept, nothing translated */
	transport_close(&t);
	close(master);
	free(cause);
}

static void
test_symlink_and_exclusive(void)
{
	struct transport t, t2;
	char name[128], dir[] = "/tmp/ll-link-XXXXXX", link[256], *cause = NULL;
	int master, rc;

	CHECK_INT(make_pty(&master, name), 0);
	CHECK(mkdtemp(dir) != NULL);
	snprintf(link, sizeof link, "%s/usb-Prusa_Research_Original_Prusa_i3_MK3",
	    dir);
	CHECK_INT(symlink(name, link), 0);
	CHECK_INT(transport_open(&t, link, 115200, &cause), 0);
	CHECK_STR(t.real_path, name);
	if (geteuid() == 0) {
		/* CAP_SYS_ADMIN bypasses TIOCEXCL: try again as nobody. */
		pid_t pid;
		int status = 0;

		chmod(name, 0666);
		if ((pid = fork()) == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(3);
			rc = transport_open(&t2, name, 115200, &cause);
			_exit(rc == -1 && errno == EBUSY &&
			    strstr(cause, "in use") != NULL ? 0 : 1);
		}
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	} else {
		rc = transport_open(&t2, link, 115200, &cause);
		CHECK_INT(rc, -1);
		CHECK(cause != NULL && strstr(cause, "in use") != NULL);
	}
	transport_close(&t);
	unlink(link);
	rmdir(dir);
	close(master);
	free(cause);
}

static void
test_errors_name_the_cause(void)
{
	struct transport t;
	char *cause = NULL;

	CHECK_INT(transport_open(&t, "/dev/ttyUSB-none", 115200, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "/dev/ttyUSB-none") != NULL);
	CHECK(cause != NULL && strstr(cause, "plugged in") != NULL);
	CHECK_INT(transport_open(&t, "/dev/null", 115200, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "not a serial port") != NULL);
	CHECK_INT(transport_open(&t, "/etc/hostname", 115200, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "not a serial port") != NULL);
	free(cause);
}

static void
test_hangup_is_a_disconnect(void)
{
	struct transport t;
	struct pollfd p;
	char name[128], buf[64], *cause = NULL;
	int master, rc;
	uint64_t start;

	CHECK_INT(make_pty(&master, name), 0);
	CHECK_INT(transport_open(&t, name, 115200, &cause), 0);
	start = clock_ms();
	close(master);		/* the printer side goes away */
	p.fd = t.fd;
	p.events = POLLIN;
	rc = poll(&p, 1, 1000);
	CHECK_INT(rc, 1);
	CHECK((p.revents & (POLLHUP | POLLERR)) != 0);
	CHECK(clock_ms() - start < 1000);
	CHECK_INT(transport_write(&t, "M105\n", 5), -1);
	CHECK_INT(errno, EIO);
	/* read() gives 0 after a hang-up: never to be taken as the signal. */
	CHECK(transport_read(&t, buf, sizeof buf) <= 0);
	transport_close(&t);
	free(cause);
}

/*
 * A real UART, when the machine has one (ttyS0 has a sysfs device): opened
 * through libserialport, then the same raw fd. Nothing is written to it.
 */
static void
test_real_serial_port(void)
{
	struct transport t;
	struct termios tio;
	char *cause = NULL;

	if (access("/sys/class/tty/ttyS0/device", F_OK) != 0 ||
	    transport_open(&t, "/dev/ttyS0", 115200, &cause) != 0) {
		fprintf(stderr, "skip: no usable /dev/ttyS0 (%s)\n",
		    cause != NULL ? cause : "no sysfs device");
		free(cause);
		return;
	}
	CHECK(t.serial != NULL);
	CHECK_INT(transport_pty_get_baud(t.fd), 115200);
	CHECK_INT(tcgetattr(t.fd, &tio), 0);
	CHECK((tio.c_cflag & HUPCL) == 0);
	CHECK((tio.c_cflag & CSIZE) == CS8);
	CHECK((fcntl(t.fd, F_GETFL) & O_NONBLOCK) != 0);
	transport_close(&t);
	/* A 16550 cannot make 250000: said, not silently ignored. */
	if (transport_open(&t, "/dev/ttyS0", 250000, &cause) == 0) {
		CHECK_INT(transport_pty_get_baud(t.fd), 250000);
		transport_close(&t);
	} else
		CHECK(cause != NULL && strstr(cause, "cannot run at 250000 "
		    "baud") != NULL);
	free(cause);
}

int
main(void)
{
	RUN(test_configures_raw_any_baud);
	RUN(test_bytes_both_ways);
	RUN(test_symlink_and_exclusive);
	RUN(test_errors_name_the_cause);
	RUN(test_hangup_is_a_disconnect);
	RUN(test_real_serial_port);
	TEST_MAIN_END();
}
