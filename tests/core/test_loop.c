#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "core.h"
#include "loop.h"
#include "test.h"

static int fired;
static int fd_reads;
static int signals;

static uint64_t
tick(uint64_t now, void *data)
{
	struct loop *loop = data;

	if (++fired == 3) {
		loop_stop(loop);
		return 0;
	}
	return now + 5;
}

static void
on_read(int fd, short revents, void *data)
{
	char c;

	(void)revents;
	(void)data;
	if (read(fd, &c, 1) == 1)
		fd_reads++;
}

static void
on_signal(int signo, void *data)
{
	(void)data;
	if (signo == SIGUSR1)
		signals++;
}

static void
test_timers_fds_signals(void)
{
	struct loop *loop = loop_new();
	int p[2];
	uint64_t start = clock_ms();

	CHECK(pipe(p) == 0);
	loop_timer_add(loop, clock_ms() + 5, tick, loop);
	struct loop_fd *w = loop_fd_add(loop, p[0], POLLIN, on_read, NULL);
	CHECK(write(p[1], "x", 1) == 1);
	loop_signal(loop, SIGUSR1, on_signal, NULL);
	raise(SIGUSR1);
	loop_run(loop);
	CHECK_INT(fired, 3);
	CHECK_INT(fd_reads, 1);
	CHECK_INT(signals, 1);
	CHECK(clock_ms() - start >= 10);
	loop_fd_remove(w);
	loop_run_once(loop, 0);
	loop_free(loop);
	close(p[0]);
	close(p[1]);
}

static int busy_runs;

/* Always due again at once, as a timer whose work is never done. */
static uint64_t
busy_timer(uint64_t now, void *data)
{
	(void)data;
	busy_runs++;
	return now;
}

static void
stop_on_signal(int signo, void *data)
{
	(void)signo;
	loop_stop(data);
}

/* A timer that re-arms itself for now runs once per pass: the loop still
 * polls and reads its signals (before, it ran the timer for ever). */
static void
test_busy_timer_starves_nothing(void)
{
	struct loop *loop = loop_new();

	loop_timer_add(loop, clock_ms(), busy_timer, NULL);
	loop_signal(loop, SIGUSR2, stop_on_signal, loop);
	loop_run_once(loop, 0);
	CHECK_INT(busy_runs, 1);
	raise(SIGUSR2);
	loop_run(loop);
	CHECK(loop_stopped(loop));
	CHECK(busy_runs >= 2);
	loop_free(loop);
}

int
main(void)
{
	RUN(test_timers_fds_signals);
	RUN(test_busy_timer_starves_nothing);
	TEST_MAIN_END();
}
