/*
 * The virtual printer's serial port: the master side of a pseudo-terminal
 * (or any fd) served from the event loop. Bytes are read and written at
 * most at baud/10 per second when --baud is given, so the link behaves like
 * a UART; a disconnect closes the master, which the host sees as a hang-up,
 * and a reconnect creates a fresh pty and re-points the --link symlink to
 * it, the way /dev/serial/by-id names come back after a USB replug.
 *
 * With reset_on_open the slave side is not held open, so the master sees
 * POLLHUP while no host has the port: the moment a host opens it (DTR on
 * a real board) the printer resets, loses input for boot_ms, and boots.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "loop.h"
#include "sim_int.h"

/* Output nobody reads is dropped past this, as a UART sends into the void. */
#define PORT_MAX_PENDING (256 * 1024)

struct sim_port {
	struct sim *sim;
	int fd;			/* pty master or attached fd; -1 when down */
	int slave_fd;		/* keeps the pty open while no host is */
	bool own_pty;
	char *slave_path;
	bool link_made;		/* we created sim->opt.link_path */
	struct loop_fd *w;
	struct loop_timer *timer;
	double rx_tokens, tx_tokens;
	uint64_t bucket_t;
	uint64_t reconnect_at;	/* 0: none pending */
	bool watch_open;	/* reset when a host opens the port */
	bool host_present;
	uint64_t boot_until;	/* 0: not booting */
};

#define PORT_OPEN_CHECK_MS 20

static uint64_t port_timer_cb(uint64_t now, void *data);

static double
port_rate(const struct sim_port *p)
{
	return p->sim->opt.baud / 10.0 / 1000.0;	/* bytes per ms */
}

static void
port_refill(struct sim_port *p, uint64_t now)
{
	double rate = port_rate(p), cap;

	if (rate <= 0)
		return;
	/* A burst of at most 10 ms of line time (and one line's worth at
	 * slow rates), so throughput stays at the baud rate. */
	cap = rate * 10 > 64 ? rate * 10 : 64;
	if (now > p->bucket_t) {
		p->rx_tokens += (double)(now - p->bucket_t) * rate;
		p->tx_tokens += (double)(now - p->bucket_t) * rate;
	}
	if (p->rx_tokens > cap)
		p->rx_tokens = cap;
	if (p->tx_tokens > cap)
		p->tx_tokens = cap;
	p->bucket_t = now;
}

static void
port_close_fds(struct sim_port *p)
{
	if (p->w != NULL) {
		loop_fd_remove(p->w);
		p->w = NULL;
	}
	if (p->fd >= 0)
		close(p->fd);
	if (p->slave_fd >= 0)
		close(p->slave_fd);
	p->fd = p->slave_fd = -1;
}

static void
port_flush(struct sim_port *p, uint64_t now)
{
	struct sim *sim = p->sim;
	size_t len;
	const char *data = sim_output(sim, &len);

	if (p->fd < 0) {
		if (len > PORT_MAX_PENDING)
			sim_output_consume(sim, len);
		return;
	}
	while (len > 0) {
		size_t n = len;
		ssize_t w;

		if (port_rate(p) > 0) {
			port_refill(p, now);
			if (p->tx_tokens < 1)
				break;
			if ((double)n > p->tx_tokens)
				n = (size_t)p->tx_tokens;
		}
		w = write(p->fd, data, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_debug("sim: write: %s", strerror(errno));
			break;
		}
		if (port_rate(p) > 0)
			p->tx_tokens -= (double)w;
		sim_output_consume(sim, (size_t)w);
		data = sim_output(sim, &len);
	}
	if (len > PORT_MAX_PENDING)
		sim_output_consume(sim, len);
}

/* Which events to poll for and when the timer must fire. */
static void
port_schedule(struct sim_port *p, uint64_t now)
{
	struct sim *sim = p->sim;
	/* A booting board does nothing until the boot ends: what the
	 * firmware would do next is not due yet, whatever its clock says
	 * (a due time in the past would fire the timer at once, for ever). */
	uint64_t due = p->boot_until != 0 ? 0 : sim_next_wakeup(sim);
	size_t pending;
	short events = 0;

	/* The budget must be current: tokens earned while nothing was sent
	 * would otherwise never show here, and the port would wait for a
	 * timer that finds no event to poll for, again and again. */
	port_refill(p, now);
	(void)sim_output(sim, &pending);
	if (p->fd >= 0) {
		double rate = port_rate(p);
		if (rate <= 0 || p->rx_tokens >= 1)
			events |= POLLIN;
		else {
			uint64_t at = now + (uint64_t)((1 - p->rx_tokens) / rate) + 1;
			due = due == 0 || at < due ? at : due;
		}
		if (pending > 0) {
			if (rate <= 0 || p->tx_tokens >= 1)
				events |= POLLOUT;
			else {
				uint64_t at = now +
				    (uint64_t)((1 - p->tx_tokens) / rate) + 1;
				due = due == 0 || at < due ? at : due;
			}
		}
		if (p->w != NULL)
			loop_fd_set_events(p->w, events);
	}
	if (p->reconnect_at != 0 && (due == 0 || p->reconnect_at < due))
		due = p->reconnect_at;
	if (p->watch_open && p->fd >= 0 && !p->host_present &&
	    (due == 0 || now + PORT_OPEN_CHECK_MS < due))
		due = now + PORT_OPEN_CHECK_MS;
	if (p->boot_until != 0 && (due == 0 || p->boot_until < due))
		due = p->boot_until;
	if (due != 0 && due < now)
		due = now;
	loop_timer_set(p->timer, due);
}

static void
port_fd_cb(int fd, short revents, void *data)
{
	struct sim_port *p = data;
	struct sim *sim = p->sim;
	uint64_t now = clock_ms();
	char tmp[4096];

	if ((revents & POLLHUP) && p->watch_open && p->own_pty) {
		/* The host closed the port: wait for the next one. */
		loop_fd_remove(p->w);
		p->w = NULL;
		p->host_present = false;
		port_schedule(p, now);
		return;
	}
	if ((revents & POLLIN) && p->boot_until != 0) {
		/* The bootloader: bytes sent now never reach the firmware. */
		(void)!read(fd, tmp, sizeof tmp);
		port_schedule(p, now);
		return;
	}
	if (revents & POLLIN) {
		size_t want = sizeof tmp;
		ssize_t n;

		if (port_rate(p) > 0) {
			port_refill(p, now);
			want = p->rx_tokens < 1 ? 0 : (size_t)p->rx_tokens;
			if (want > sizeof tmp)
				want = sizeof tmp;
		}
		if (want > 0) {
			n = read(fd, tmp, want);
			if (n > 0) {
				if (port_rate(p) > 0)
					p->rx_tokens -= (double)n;
				sim_feed(sim, tmp, (size_t)n, now);
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				/* The other end is gone (a socketpair peer). */
				if (!p->own_pty) {
					port_close_fds(p);
					sim->disconnected = true;
				}
			}
		}
	} else if (revents & (POLLHUP | POLLERR)) {
		if (!p->own_pty) {
			port_close_fds(p);
			sim->disconnected = true;
		}
	}
	port_flush(p, now);
	port_schedule(p, now);
}

/* The device comes back: a new pty behind the same link, a fresh boot. */
static int
port_reconnect(struct sim_port *p, uint64_t now)
{
	char *cause = NULL, *path = NULL;

	p->reconnect_at = 0;
	if (sim_open_pty(p->sim, &path, &cause) != 0) {
		log_debug("sim: reconnect: %s", cause);
		free(cause);
		return -1;
	}
	free(path);
	sim_reboot(p->sim, now);
	return 0;
}

int
sim_port_replug(struct sim *sim)
{
	struct sim_port *p = sim->port;

	if (p == NULL || !p->own_pty || p->fd >= 0)
		return -1;
	return port_reconnect(p, clock_ms());
}

static uint64_t
port_timer_cb(uint64_t now, void *data)
{
	struct sim_port *p = data;
	struct sim *sim = p->sim;

	if (p->reconnect_at != 0 && now >= p->reconnect_at)
		port_reconnect(p, now);
	if (p->watch_open && p->fd >= 0 && !p->host_present) {
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };

		if (poll(&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP)) {
			/* A host opened the port: DTR resets the board. */
			p->host_present = true;
			p->boot_until = now + sim->opt.boot_ms;
			buf_reset(&sim->out);
			p->w = loop_fd_add(sim->loop, p->fd, POLLIN, port_fd_cb, p);
		}
	}
	if (p->boot_until != 0 && now >= p->boot_until) {
		p->boot_until = 0;
		sim_reboot(sim, now);
	}
	if (p->boot_until != 0) {
		port_schedule(p, now);
		return loop_timer_due(p->timer);
	}
	sim_tick(sim, now);
	port_flush(p, now);
	port_schedule(p, now);
	return loop_timer_due(p->timer);
}

static struct sim_port *
port_get(struct sim *sim)
{
	struct sim_port *p = sim->port;

	if (p == NULL) {
		if (sim->loop == NULL)
			fatal("sim: serving a port needs an event loop");
		p = xcalloc(1, sizeof *p);
		p->sim = sim;
		p->fd = p->slave_fd = -1;
		p->timer = loop_timer_add(sim->loop, 0, port_timer_cb, p);
		sim->port = p;
	}
	return p;
}

static void
port_serve(struct sim_port *p, int fd)
{
	uint64_t now = clock_ms();
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	p->fd = fd;
	p->bucket_t = now;
	p->rx_tokens = p->tx_tokens = 0;
	p->w = loop_fd_add(p->sim->loop, fd, POLLIN, port_fd_cb, p);
	p->sim->disconnected = false;
	sim_tick(p->sim, now);
	loop_timer_set(p->timer, now);
}

void
sim_attach_fd(struct sim *sim, int fd)
{
	struct sim_port *p = port_get(sim);

	port_close_fds(p);
	p->own_pty = false;
	port_serve(p, fd);
}

/* Points link at target atomically; never replaces anything but a link. */
static int
port_link(const char *link, const char *target, char **cause)
{
	struct stat st;
	char *tmp;

	if (lstat(link, &st) == 0 && !S_ISLNK(st.st_mode)) {
		set_cause(cause, "%s: exists and is not a symbolic link", link);
		return -1;
	}
	tmp = xasprintf("%s.%ld.tmp", link, (long)getpid());
	unlink(tmp);
	if (symlink(target, tmp) != 0) {
		set_cause(cause, "%s: %s", link, strerror(errno));
		free(tmp);
		return -1;
	}
	if (rename(tmp, link) != 0) {
		set_cause(cause, "%s: %s", link, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int
sim_open_pty(struct sim *sim, char **path, char **cause)
{
	struct sim_port *p = port_get(sim);
	struct termios tio;
	int master, slave;
	const char *name;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0) {
		set_cause(cause, "cannot create a pseudo-terminal: %s",
		    strerror(errno));
		return -1;
	}
	if (grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (name = ptsname(master)) == NULL) {
		set_cause(cause, "cannot set up the pseudo-terminal: %s",
		    strerror(errno));
		close(master);
		return -1;
	}
	/* Holding the slave open keeps the master from reading EIO while no
	 * host is connected; raw mode so nothing is echoed or translated. */
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0) {
		set_cause(cause, "%s: %s", name, strerror(errno));
		close(master);
		return -1;
	}
	if (tcgetattr(slave, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_cflag |= CLOCAL | CREAD;
		tio.c_cflag &= ~(tcflag_t)HUPCL;
		tcsetattr(slave, TCSANOW, &tio);
	}
	if (sim->opt.link_path != NULL &&
	    port_link(sim->opt.link_path, name, cause) != 0) {
		close(slave);
		close(master);
		return -1;
	}
	port_close_fds(p);
	free(p->slave_path);
	p->slave_path = xstrdup(name);
	p->link_made = sim->opt.link_path != NULL;
	p->own_pty = true;
	p->slave_fd = slave;
	p->watch_open = sim->opt.reset_on_open;
	p->host_present = false;
	p->boot_until = 0;
	if (p->watch_open) {
		close(slave);
		p->slave_fd = -1;
	}
	port_serve(p, master);
	if (path != NULL)
		*path = xstrdup(sim->opt.link_path != NULL ?
		    sim->opt.link_path : name);
	return 0;
}

const char *
sim_pty_path(const struct sim *sim)
{
	return sim->port != NULL && sim->port->fd >= 0 ?
	    sim->port->slave_path : NULL;
}

void
sim_port_disconnect(struct sim *sim)
{
	struct sim_port *p = sim->port;
	uint64_t now = clock_ms();
	size_t len;
	const char *data = sim_output(sim, &len);

	/* What was already on the wire still arrives; the rest is lost. */
	if (p != NULL && p->fd >= 0 && len > 0 && port_rate(p) <= 0)
		(void)!write(p->fd, data, len);
	buf_reset(&sim->out);
	if (p == NULL)
		return;
	port_close_fds(p);
	/* The by-id name vanishes with the device. */
	if (p->link_made)
		unlink(sim->opt.link_path);
	if (p->own_pty && sim->opt.reconnect_after_ms > 0)
		p->reconnect_at = now + sim->opt.reconnect_after_ms;
	loop_timer_set(p->timer, now);
}

/*
 * A board that reboots loses whatever sat in its UART: bytes the host wrote
 * before the reset must not be read as commands sent after it.
 */
void
sim_port_discard_input(struct sim *sim)
{
	struct sim_port *p = sim->port;
	char scratch[4096];

	if (p == NULL || p->fd < 0)
		return;
	while (read(p->fd, scratch, sizeof scratch) > 0)
		;
}

void
sim_port_kick(struct sim *sim)
{
	if (sim->port != NULL)
		loop_timer_set(sim->port->timer, clock_ms());
}

void
sim_port_free(struct sim *sim)
{
	struct sim_port *p = sim->port;

	if (p == NULL)
		return;
	port_close_fds(p);
	if (p->link_made)
		unlink(sim->opt.link_path);
	loop_timer_remove(p->timer);
	free(p->slave_path);
	free(p);
	sim->port = NULL;
}
