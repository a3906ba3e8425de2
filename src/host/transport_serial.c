/*
 * The libserialport half of the transport, and the only file that uses it:
 * listing ports with their USB identity, and opening real serial devices.
 * Once open, the port's fd goes to the loop like any other; sp_blocking_*
 * is never used (it busy-spins on a hung-up port in 0.1.1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "host.h"
#include "transport.h"

static char *
transport_serial_error(void)
{
	char *msg = sp_last_error_message();
	char *copy = xstrdup(msg != NULL ? msg : "unknown error");

	sp_free_error_message(msg);
	return copy;
}

static void
transport_serial_fail(char **cause, const char *path, const char *what,
    struct sp_port *port)
{
	int error = sp_last_error_code();
	char *msg = transport_serial_error();

	if (error == EACCES || error == EBUSY || error == ENOENT ||
	    error == EPERM)
		set_cause(cause, "%s: %s", path, transport_open_hint(error));
	else
		set_cause(cause, "%s: %s: %s", path, what, msg);
	free(msg);
	if (port != NULL) {
		sp_close(port);
		sp_free_port(port);
	}
	errno = error != 0 ? error : EIO;
}

int
transport_serial_open(struct transport *t, const char *real_path, int baud,
    char **cause)
{
	struct sp_port *port = NULL;
	int fd, flags;

	if (sp_get_port_by_name(real_path, &port) != SP_OK) {
		transport_serial_fail(cause, real_path, "not a serial port", NULL);
		return -1;
	}
	if (sp_open(port, SP_MODE_READ_WRITE) != SP_OK) {
		int error = sp_last_error_code();
		set_cause(cause, "%s: %s", real_path, transport_open_hint(error));
		sp_free_port(port);
		errno = error;
		return -1;
	}
	if (sp_set_baudrate(port, baud > 0 ? baud : 115200) != SP_OK) {
		transport_serial_fail(cause, real_path, "cannot set the baud rate",
		    port);
		return -1;
	}
	if (sp_set_bits(port, 8) != SP_OK ||
	    sp_set_parity(port, SP_PARITY_NONE) != SP_OK ||
	    sp_set_stopbits(port, 1) != SP_OK ||
	    sp_set_flowcontrol(port, SP_FLOWCONTROL_NONE) != SP_OK) {
		transport_serial_fail(cause, real_path, "cannot set 8N1", port);
		return -1;
	}
	if (sp_get_port_handle(port, &fd) != SP_OK) {
		transport_serial_fail(cause, real_path, "no file descriptor", port);
		return -1;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
	    transport_pty_finish(fd, cause) != 0) {
		int error = errno;
		if (cause != NULL && *cause == NULL)
			set_cause(cause, "%s: %s", real_path, strerror(error));
		sp_close(port);
		sp_free_port(port);
		errno = error;
		return -1;
	}
	t->fd = fd;
	t->serial = port;
	return 0;
}

void
transport_serial_close(struct transport *t)
{
	struct sp_port *port = t->serial;

	sp_close(port);
	sp_free_port(port);
	t->serial = NULL;
	t->fd = -1;
}

/* The /dev/serial/by-id/ link that points at real_path, if udev made one. */
static char *
transport_serial_by_id(const char *real_path)
{
	static const char dir[] = "/dev/serial/by-id";
	char link[PATH_MAX], target[PATH_MAX];
	struct dirent *de;
	char *found = NULL;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return NULL;
	while (found == NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof link, "%s/%s", dir, de->d_name);
		if (realpath(link, target) != NULL &&
		    strcmp(target, real_path) == 0)
			found = xstrdup(link);
	}
	closedir(d);
	return found;
}

static char *
transport_serial_dup(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

struct host_port_info *
host_ports_list(size_t *n, char **cause)
{
	struct sp_port **list = NULL;
	struct host_port_info *ports;
	size_t count = 0;
	char real[PATH_MAX];
	int vid, pid;

	*n = 0;
	if (sp_list_ports(&list) != SP_OK) {
		char *msg = transport_serial_error();
		set_cause(cause, "cannot list serial ports: %s", msg);
		free(msg);
		return NULL;
	}
	while (list[count] != NULL)
		count++;
	ports = xcalloc(count + 1, sizeof *ports);
	for (size_t i = 0; i < count; i++) {
		struct sp_port *port = list[i];
		struct host_port_info *pi = &ports[i];
		const char *name = sp_get_port_name(port);

		pi->path = xstrdup(name);
		pi->description = transport_serial_dup(
		    sp_get_port_description(port));
		pi->by_id = transport_serial_by_id(
		    realpath(name, real) != NULL ? real : name);
		if (sp_get_port_transport(port) == SP_TRANSPORT_USB) {
			pi->usb = true;
			if (sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK) {
				pi->vid = (unsigned)vid;
				pi->pid = (unsigned)pid;
			}
			pi->manufacturer = transport_serial_dup(
			    sp_get_port_usb_manufacturer(port));
			pi->product = transport_serial_dup(
			    sp_get_port_usb_product(port));
			pi->serial = transport_serial_dup(
			    sp_get_port_usb_serial(port));
		}
	}
	sp_free_port_list(list);
	*n = count;
	return ports;
}

void
host_ports_free(struct host_port_info *ports, size_t n)
{
	if (ports == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(ports[i].path);
		free(ports[i].description);
		free(ports[i].manufacturer);
		free(ports[i].product);
		free(ports[i].serial);
		free(ports[i].by_id);
	}
	free(ports);
}
