/*
 * The virtual printer on a real pty inside one process, as "--port virtual"
 * runs it: served from the loop, unplugged and plugged back in.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core.h"
#include "loop.h"
#include "sim.h"
#include "test.h"

static int
open_port(const char *path)
{
	struct termios tio;
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);

	if (fd >= 0 && tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

/* Runs the loop until the port has given text containing want (or hung
 * up, when want is NULL). */
static bool
read_until(struct loop *loop, int fd, const char *want, struct buf *got)
{
	uint64_t end = clock_ms() + 5000;

	while (clock_ms() < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		char tmp[4096];
		ssize_t n;

		loop_run_once(loop, 5);
		if (poll(&p, 1, 0) <= 0)
			continue;
		n = read(fd, tmp, sizeof tmp);
		if (n > 0) {
			buf_append(got, tmp, (size_t)n);
			if (want != NULL && strstr(got->data, want) != NULL)
				return true;
		} else if (want == NULL && (n < 0 && errno == EIO))
			return true;
		else if (want == NULL && (p.revents & POLLHUP))
			return true;
	}
	return false;
}

static void
test_unplug_and_replug(void)
{
	struct loop *loop = loop_new();
	struct sim_options o;
	struct sim_status st;
	struct sim *sim;
	struct buf got;
	char link[64], *path = NULL;
	int fd;

	snprintf(link, sizeof link, "/tmp/ll-sim-port.%ld", (long)getpid());
	sim_options_default(&o);
	o.speed = 0;
	o.link_path = link;
	sim = sim_new(loop, &o, NULL);
	CHECK(sim_open_pty(sim, &path, NULL) == 0);
	CHECK_STR(path, link);
	CHECK(sim_pty_path(sim) != NULL);
	buf_init(&got);
	fd = open_port(path);
	CHECK(fd >= 0);
	CHECK(write(fd, "M105\n", 5) == 5);
	CHECK(read_until(loop, fd, "ok T:25.00", &got));

	/* Unplugged: the host sees a hang-up and the name is gone. */
	sim_inject(sim, SIM_FAULT_DISCONNECT, 0);
	CHECK(read_until(loop, fd, NULL, &got));
	CHECK(access(link, F_OK) != 0);
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_DISCONNECTED);
	close(fd);

	/* Plugged back in: the same name, a printer that just booted. */
	sim_reset(sim, clock_ms());
	fd = open_port(link);
	CHECK(fd >= 0);
	buf_reset(&got);
	CHECK(read_until(loop, fd, "echo:Marlin 2.1", &got));
	CHECK(write(fd, "N0 M110 N0*125\n", 15) == 15);
	CHECK(read_until(loop, fd, "\nok\n", &got));
	sim_status(sim, &st);
	CHECK_INT(st.state, SIM_IDLE);

	close(fd);
	sim_free(sim);
	CHECK(access(link, F_OK) != 0);
	loop_free(loop);
	buf_free(&got);
	free(path);
}

static void
test_throttled_socket(void)
{
	struct loop *loop = loop_new();
	struct sim_options o;
	struct sim *sim;
	struct buf got;
	uint64_t start;
	int sv[2];

	/* 9600 baud: 960 bytes a second each way. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	sim_options_default(&o);
	o.speed = 0;
	o.baud = 9600;
	sim = sim_new(loop, &o, NULL);
	sim_attach_fd(sim, sv[0]);
	buf_init(&got);
	CHECK(read_until(loop, sv[1], "Sensor ON\n", &got));
	start = clock_ms();
	buf_reset(&got);
	CHECK(write(sv[1], "M115\n", 5) == 5);
	CHECK(read_until(loop, sv[1], "CONFIG_EXPORT:0\nok\n", &got));
	/* About 1.2 KB at 960 B/s. */
	CHECK(clock_ms() - start >= (uint64_t)(got.len * 1000 / 960) - 100);
	close(sv[1]);
	sim_free(sim);
	loop_free(loop);
	buf_free(&got);
}

int
main(void)
{
	RUN(test_unplug_and_replug);
	RUN(test_throttled_socket);
	TEST_MAIN_END();
}
