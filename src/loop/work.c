/*
 * Slow work off the loop: a job runs on a thread of its own and its result
 * comes back through a pipe the loop watches, so the loop (and with it the
 * emergency stop) keeps being served while, for example, Argon2id hashes a
 * PIN for a tenth of a second with 64 MiB. One thread per job: jobs are
 * rare (a sign-in), and a thread that exists only while its job runs needs
 * no queue and no shutdown protocol.
 */
#define _GNU_SOURCE		/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "loop.h"

struct loop_work {
	struct loop_fd *watch;
	pthread_t thread;
	int pipe[2];
	loop_work_fn work, done;
	void *data;
};

static void *
work_thread(void *arg)
{
	struct loop_work *w = arg;
	char byte = 1;

	w->work(w->data);
	while (write(w->pipe[1], &byte, 1) == -1 && errno == EINTR)
		;
	return NULL;
}

static void
work_finish(struct loop_work *w)
{
	pthread_join(w->thread, NULL);
	loop_fd_remove(w->watch);
	close(w->pipe[0]);
	close(w->pipe[1]);
}

static void
work_ready(int fd, short revents, void *data)
{
	struct loop_work *w = data;
	char byte;

	(void)revents;
	if (read(fd, &byte, 1) != 1)
		return;
	work_finish(w);
	w->done(w->data);
	free(w);
}

void
loop_work_start(struct loop *loop, loop_work_fn work, loop_work_fn done,
    void *data)
{
	struct loop_work *w = xcalloc(1, sizeof *w);
	int rc;

	w->work = work;
	w->done = done;
	w->data = data;
	if (pipe2(w->pipe, O_CLOEXEC) != 0)
		fatal("pipe: %s", strerror(errno));
	w->watch = loop_fd_add(loop, w->pipe[0], POLLIN, work_ready, w);
	if ((rc = pthread_create(&w->thread, NULL, work_thread, w)) != 0)
		fatal("cannot start a worker thread: %s", strerror(rc));
}
