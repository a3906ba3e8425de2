/*
 * The printer link's port: bytes both ways between the transport and the
 * protocol engine, a board that resets as the port opens, a port that
 * vanishes and re-opening it when it comes back.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_int.h"

static void host_watch_port(struct host *h);

static void
host_boot_feed(struct host *h, const char *data, size_t len, uint64_t now)
{
	h->boot_any_rx = true;
	h->boot_last_rx = now;
	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\n') {
			buf_append(&h->boot_line, &data[i], 1);
			continue;
		}
		if (h->boot_line.len > 0) {
			str_trim(h->boot_line.data);
			if (strcmp(h->boot_line.data, "start") == 0)
				h->boot_start_seen = true;
			if (h->boot_line.data[0] != '\0')
				HOST_NOTIFY(h, line_received,
				    h->boot_line.data);
		}
		buf_reset(&h->boot_line);
	}
}

static void
host_feed(struct host *h, const char *data, size_t len)
{
	uint64_t now = clock_ms();

	if (h->booting) {
		host_boot_feed(h, data, len, now);
		return;
	}
	if (h->proto == NULL)
		return;
	h->in_proto++;
	proto_feed(h->proto, data, len, now);
	h->in_proto--;
	host_reap_proto(h);
}

static void
host_fd_cb(int fd, short revents, void *data)
{
	struct host *h = data;
	char chunk[HOST_READ_CHUNK];
	ssize_t n;
	int rounds = 0;

	(void)fd;
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		/*
		 * One read per wake-up is the common case: a short read means
		 * the port is drained, and asking again would only cost an
		 * EAGAIN system call per reply. Only a full chunk reads on,
		 * bounded so a flood cannot starve the keyboard.
		 */
		while (h->open && rounds++ < 64) {
			n = transport_read(&h->t, chunk, sizeof chunk);
			if (n < 0) {
				host_lost(h, strerror(errno));
				return;
			}
			if (n == 0)
				break;
			host_feed(h, chunk, (size_t)n);
			if ((size_t)n < sizeof chunk)
				break;
		}
	}
	if (!h->open)
		return;
	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		host_lost(h, "the port hung up");
		return;
	}
	if (revents & POLLOUT)
		host_flush(h);
}

void
host_flush(struct host *h)
{
	ssize_t n;

	if (!h->open)
		return;
	if (h->proto != NULL) {
		h->in_proto++;
		proto_output(h->proto, &h->out);
		h->in_proto--;
		host_reap_proto(h);
	}
	while (h->open && h->out.len > 0) {
		n = transport_write(&h->t, h->out.data, h->out.len);
		if (n < 0) {
			host_lost(h, strerror(errno));
			return;
		}
		if (n == 0)
			break;
		buf_consume(&h->out, (size_t)n);
	}
	if (h->open && h->fdw != NULL)
		loop_fd_set_events(h->fdw, h->out.len > 0 ?
		    POLLIN | POLLOUT : POLLIN);
}

/* Moves what proto has to send into h->out, to be written by host_flush. */
void
host_take_output(struct host *h)
{
	h->in_proto++;
	proto_output(h->proto, &h->out);
	h->in_proto--;
	host_reap_proto(h);
}

void
host_try_reconnect(struct host *h, uint64_t now)
{
	char *cause = NULL;

	h->next_reconnect = now + HOST_RECONNECT_MS;
	if (transport_open(&h->t, h->path, h->baud, &cause) != 0) {
		/* Report a new kind of failure once, not every attempt. */
		if (errno != ENOENT && errno != h->reconnect_errno)
			host_notice(h, "cannot reopen the port yet: %s", cause);
		h->reconnect_errno = errno;
		free(cause);
		return;
	}
	h->reconnect_errno = 0;
	h->open = true;
	host_watch_port(h);
	host_notice(h, "the printer is back on %s: connecting", h->path);
	host_set_link(h, HOST_LINK_CONNECTING);
	if (h->profile->reset_on_open) {
		h->booting = true;
		h->boot_start_seen = h->boot_any_rx = false;
		h->boot_began = h->boot_last_rx = now;
	} else
		host_start_handshake(h);
}

bool
host_boot_done(const struct host *h, uint64_t now)
{
	if (host_since(now, h->boot_began) >= HOST_BOOT_MAX_MS)
		return true;
	if (h->boot_start_seen)
		return host_since(now, h->boot_last_rx) >= HOST_BOOT_QUIET_MS;
	if (!h->boot_any_rx)
		return host_since(now, h->boot_began) >= HOST_BOOT_SILENT_MS;
	return host_since(now, h->boot_last_rx) >= 2 * HOST_BOOT_QUIET_MS;
}

/*
 * Whatever ends layerlab while a port is open, the printer hears its heaters
 * switched off (unnumbered lines: the firmware takes them after any partial
 * line the newline ends).
 */
static void
host_watch_port(struct host *h)
{
	h->fdw = loop_fd_add(h->loop, h->t.fd, POLLIN, host_fd_cb, h);
	lastword_remove_bytes(h->lastword);
	h->lastword = lastword_add_bytes(h->t.fd, "\nM104 S0\nM140 S0\n");
}

static void
host_close_port(struct host *h)
{
	lastword_remove_bytes(h->lastword);
	h->lastword = -1;
	if (h->fdw != NULL)
		loop_fd_remove(h->fdw);
	h->fdw = NULL;
	if (h->open)
		transport_close(&h->t);
	h->open = false;
	h->booting = false;
	buf_reset(&h->out);
	buf_reset(&h->boot_line);
	host_drop_proto(h);
	free(h->pending_ok_text);
	h->pending_ok_text = NULL;
}

/* The device went away: tell everyone, end every command, wait for it. */
void
host_lost(struct host *h, const char *detail)
{
	char *why;

	if (!h->open)
		return;
	if (h->in_proto > 0) {
		/* Not inside proto's own callbacks: finish in the hook. */
		if (!h->lost_pending) {
			/* detail may be lost_why itself (from the hook). */
			char *copy = xstrdup(detail);

			h->lost_pending = true;
			free(h->lost_why);
			h->lost_why = copy;
		}
		return;
	}
	why = xasprintf("the printer disconnected (%s: %s): is the USB cable "
	    "plugged in and the printer switched on?", h->path, detail);
	h->heaters_were_on = h->heaters_were_on || host_heating(h);
	host_close_port(h);
	host_copy(h->st.last_error, sizeof h->st.last_error, why);
	guard_state_init(&h->guard);
	memset(h->st.homed, 0, sizeof h->st.homed);
	h->st.has_temps = false;
	h->st.has_position = false;
	h->m114_wanted = false;
	h->feeder_blocked = true;
	h->next_reconnect = clock_ms() + HOST_RECONNECT_MS;
	h->reconnect_errno = 0;
	host_set_link(h, h->reconnect ? HOST_LINK_RECONNECTING :
	    HOST_LINK_DISCONNECTED);
	HOST_NOTIFY(h, disconnected, why);
	host_finish_all(h, HOST_RESULT_DISCONNECTED, why);
	free(why);
}

int
host_open(struct host *h, const char *path, int baud, char **cause)
{
	uint64_t now = clock_ms();

	host_close(h);
	if (baud <= 0)
		baud = h->profile->baud > 0 ? h->profile->baud : 115200;
	if (transport_open(&h->t, path, baud, cause) != 0)
		return -1;
	free(h->path);
	h->path = xstrdup(path);
	h->baud = baud;
	h->open = true;
	h->ever_ready = false;
	h->heaters_were_on = false;
	memset(&h->st, 0, sizeof h->st);
	h->st.link = HOST_LINK_DISCONNECTED;
	h->st.flavour = h->profile->flavour;
	h->st.nozzle_power = h->st.bed_power = -1;
	host_copy(h->st.port, sizeof h->st.port, path);
	h->st.baud = baud;
	guard_state_init(&h->guard);
	host_watch_port(h);
	host_set_link(h, HOST_LINK_CONNECTING);
	if (h->profile->reset_on_open) {
		h->booting = true;
		h->boot_start_seen = h->boot_any_rx = false;
		h->boot_began = h->boot_last_rx = now;
	} else
		host_start_handshake(h);
	return 0;
}

void
host_close(struct host *h)
{
	bool was = h->open || h->st.link == HOST_LINK_RECONNECTING;

	host_close_port(h);
	if (!was)
		return;
	host_set_link(h, HOST_LINK_DISCONNECTED);
	host_finish_all(h, HOST_RESULT_DISCONNECTED, "the port was closed");
}

void
host_set_reconnect(struct host *h, bool on)
{
	h->reconnect = on;
}
