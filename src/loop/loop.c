#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

struct loop_fd {
	struct loop *loop;
	int fd;
	short events;
	loop_fd_cb cb;
	void *data;
	bool dead;
	struct loop_fd *next;
};

struct loop_timer {
	struct loop *loop;
	uint64_t due;
	loop_timer_cb cb;
	void *data;
	bool dead;
	unsigned long ran_pass;	/* the pass of loop_run_timers it last ran in */
	struct loop_timer *next;
};

struct loop_hook {
	loop_hook_cb cb;
	void *data;
	bool dead;
	struct loop_hook *next;
};

#define LOOP_NSIG 65

struct loop {
	struct loop_fd *fds;
	struct loop_timer *timers;
	struct loop_hook *hooks;
	struct pollfd *pfds;
	struct loop_fd **pfd_owner;
	size_t pfd_cap;
	bool stopped;
	unsigned long timer_pass;
	int sigpipe[2];
	loop_signal_cb sig_cb[LOOP_NSIG];
	void *sig_data[LOOP_NSIG];
};

/* Signal handlers cannot know which loop they belong to; there is one. */
static int loop_sigpipe_write = -1;

static void
loop_sig_handler(int signo)
{
	unsigned char b = (unsigned char)signo;
	int saved = errno;

	if (loop_sigpipe_write >= 0)
		(void)!write(loop_sigpipe_write, &b, 1);
	errno = saved;
}

struct loop *
loop_new(void)
{
	struct loop *loop = xcalloc(1, sizeof *loop);

	if (pipe(loop->sigpipe) != 0)
		fatal("pipe: %s", strerror(errno));
	for (int i = 0; i < 2; i++) {
		fcntl(loop->sigpipe[i], F_SETFL, O_NONBLOCK);
		fcntl(loop->sigpipe[i], F_SETFD, FD_CLOEXEC);
	}
	return loop;
}

static void
loop_reap(struct loop *loop)
{
	struct loop_fd **wp = &loop->fds;
	struct loop_timer **tp = &loop->timers;
	struct loop_hook **hp = &loop->hooks;

	while (*wp != NULL) {
		if ((*wp)->dead) {
			struct loop_fd *dead = *wp;
			*wp = dead->next;
			free(dead);
		} else
			wp = &(*wp)->next;
	}
	while (*tp != NULL) {
		if ((*tp)->dead) {
			struct loop_timer *dead = *tp;
			*tp = dead->next;
			free(dead);
		} else
			tp = &(*tp)->next;
	}
	while (*hp != NULL) {
		if ((*hp)->dead) {
			struct loop_hook *dead = *hp;
			*hp = dead->next;
			free(dead);
		} else
			hp = &(*hp)->next;
	}
}

void
loop_free(struct loop *loop)
{
	if (loop == NULL)
		return;
	for (int s = 1; s < LOOP_NSIG; s++) {
		if (loop->sig_cb[s] != NULL)
			signal(s, SIG_DFL);
	}
	for (struct loop_fd *w = loop->fds; w != NULL; w = w->next)
		w->dead = true;
	for (struct loop_timer *t = loop->timers; t != NULL; t = t->next)
		t->dead = true;
	for (struct loop_hook *h = loop->hooks; h != NULL; h = h->next)
		h->dead = true;
	loop_reap(loop);
	if (loop_sigpipe_write == loop->sigpipe[1])
		loop_sigpipe_write = -1;
	close(loop->sigpipe[0]);
	close(loop->sigpipe[1]);
	free(loop->pfds);
	free(loop->pfd_owner);
	free(loop);
}

struct loop_fd *
loop_fd_add(struct loop *loop, int fd, short events, loop_fd_cb cb, void *data)
{
	struct loop_fd *w = xcalloc(1, sizeof *w);

	w->loop = loop;
	w->fd = fd;
	w->events = events;
	w->cb = cb;
	w->data = data;
	w->next = loop->fds;
	loop->fds = w;
	return w;
}

void
loop_fd_set_events(struct loop_fd *w, short events)
{
	w->events = events;
}

void
loop_fd_remove(struct loop_fd *w)
{
	if (w != NULL)
		w->dead = true;
}

struct loop_timer *
loop_timer_add(struct loop *loop, uint64_t due, loop_timer_cb cb, void *data)
{
	struct loop_timer *t = xcalloc(1, sizeof *t);

	t->loop = loop;
	t->due = due;
	t->cb = cb;
	t->data = data;
	t->next = loop->timers;
	loop->timers = t;
	return t;
}

void
loop_timer_set(struct loop_timer *t, uint64_t due)
{
	t->due = due;
}

uint64_t
loop_timer_due(const struct loop_timer *t)
{
	return t->due;
}

void
loop_timer_remove(struct loop_timer *t)
{
	if (t != NULL) {
		t->dead = true;
		t->due = 0;
	}
}

void
loop_hook_add(struct loop *loop, loop_hook_cb cb, void *data)
{
	struct loop_hook *h = xcalloc(1, sizeof *h), **tail = &loop->hooks;

	h->cb = cb;
	h->data = data;
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = h;
}

void
loop_hook_remove(struct loop *loop, loop_hook_cb cb, void *data)
{
	for (struct loop_hook *h = loop->hooks; h != NULL; h = h->next) {
		if (h->cb == cb && h->data == data)
			h->dead = true;
	}
}

int
loop_signal(struct loop *loop, int signo, loop_signal_cb cb, void *data)
{
	struct sigaction sa;

	if (signo <= 0 || signo >= LOOP_NSIG)
		return -1;
	loop->sig_cb[signo] = cb;
	loop->sig_data[signo] = data;
	loop_sigpipe_write = loop->sigpipe[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_sig_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	return sigaction(signo, &sa, NULL);
}

static int
loop_timeout(struct loop *loop, int max_wait_ms, uint64_t now)
{
	int64_t wait = max_wait_ms;

	for (struct loop_timer *t = loop->timers; t != NULL; t = t->next) {
		if (t->dead || t->due == 0)
			continue;
		int64_t left = t->due > now ? (int64_t)(t->due - now) : 0;
		if (wait < 0 || left < wait)
			wait = left;
	}
	return wait > 60000 ? 60000 : (int)wait;
}

static void
loop_run_timers(struct loop *loop)
{
	uint64_t now = clock_ms();
	unsigned long pass = ++loop->timer_pass;
	bool again = true;

	/*
	 * Earliest first; a callback may add or re-arm timers, so rescan. But
	 * each timer runs at most once per pass: now stands still during the
	 * pass, so a timer that re-arms itself for now (or earlier) would
	 * otherwise run again and again, and the loop would never poll its
	 * descriptors or read its signals (a virtual printer once ignored
	 * SIGTERM this way). It runs again after the next poll, which does
	 * not sleep while a timer is due.
	 */
	while (again) {
		struct loop_timer *best = NULL;

		again = false;
		for (struct loop_timer *t = loop->timers; t != NULL; t = t->next) {
			if (t->dead || t->due == 0 || t->due > now ||
			    t->ran_pass == pass)
				continue;
			if (best == NULL || t->due < best->due)
				best = t;
		}
		if (best != NULL) {
			best->due = 0;
			best->ran_pass = pass;
			uint64_t next = best->cb(now, best->data);
			if (!best->dead)
				best->due = next;
			again = !loop->stopped;
		}
	}
}

void
loop_run_once(struct loop *loop, int max_wait_ms)
{
	size_t n = 1, i;
	int timeout, rc;

	for (struct loop_hook *h = loop->hooks; h != NULL; h = h->next) {
		if (!h->dead)
			h->cb(h->data);
	}
	for (struct loop_fd *w = loop->fds; w != NULL; w = w->next)
		n++;
	if (n > loop->pfd_cap) {
		loop->pfd_cap = n * 2;
		loop->pfds = xrealloc(loop->pfds, loop->pfd_cap * sizeof *loop->pfds);
		loop->pfd_owner = xrealloc(loop->pfd_owner,
		    loop->pfd_cap * sizeof *loop->pfd_owner);
	}
	loop->pfds[0].fd = loop->sigpipe[0];
	loop->pfds[0].events = POLLIN;
	loop->pfds[0].revents = 0;
	loop->pfd_owner[0] = NULL;
	n = 1;
	for (struct loop_fd *w = loop->fds; w != NULL; w = w->next) {
		if (w->dead)
			continue;
		loop->pfds[n].fd = w->fd;
		loop->pfds[n].events = w->events;
		loop->pfds[n].revents = 0;
		loop->pfd_owner[n] = w;
		n++;
	}
	timeout = loop->stopped ? 0 : loop_timeout(loop, max_wait_ms, clock_ms());
	rc = poll(loop->pfds, n, timeout);
	if (rc < 0 && errno != EINTR)
		fatal("poll: %s", strerror(errno));
	if (rc > 0) {
		for (i = 1; i < n; i++) {
			struct loop_fd *w = loop->pfd_owner[i];
			if (loop->pfds[i].revents != 0 && !w->dead)
				w->cb(w->fd, loop->pfds[i].revents, w->data);
		}
	}
	loop_run_timers(loop);
	if (rc > 0 && (loop->pfds[0].revents & POLLIN)) {
		unsigned char sigs[64];
		ssize_t got;

		while ((got = read(loop->sigpipe[0], sigs, sizeof sigs)) > 0) {
			for (ssize_t k = 0; k < got; k++) {
				int s = sigs[k];
				if (s < LOOP_NSIG && loop->sig_cb[s] != NULL)
					loop->sig_cb[s](s, loop->sig_data[s]);
			}
		}
	}
	loop_reap(loop);
}

void
loop_run(struct loop *loop)
{
	loop->stopped = false;
	while (!loop->stopped)
		loop_run_once(loop, -1);
}

void
loop_stop(struct loop *loop)
{
	loop->stopped = true;
}

bool
loop_stopped(const struct loop *loop)
{
	return loop->stopped;
}
