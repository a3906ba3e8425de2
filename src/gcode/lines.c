#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"

/* Large enough that a read costs little per line, small enough for caches. */
#define BUFSZ (512 * 1024)

struct lines {
	char *path;
	int fd;
	uint64_t size;
	int64_t mtime;
	char *buf;
	size_t start, end;	/* unread bytes: buf[start..end) */
	uint64_t buf_offset;	/* file offset of buf[0] */
	bool eof;
	long lineno;
	void (*tap)(const void *, size_t, void *);
	void *tap_data;
};

int
gcode_file_open(const char *path, struct stat *st, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) == -1 || !S_ISREG(st->st_mode)) {
		set_cause(cause, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

void
lines_tap(struct lines *r, void (*tap)(const void *, size_t, void *),
    void *data)
{
	r->tap = tap;
	r->tap_data = data;
}

struct lines *
lines_open(const char *path, char **cause)
{
	struct lines *r;
	struct stat st;
	int fd;

	if ((fd = gcode_file_open(path, &st, cause)) == -1)
		return NULL;
#ifdef POSIX_FADV_SEQUENTIAL
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->fd = fd;
	r->size = (uint64_t)st.st_size;
	r->mtime = (int64_t)st.st_mtime;
	r->buf = xmalloc(BUFSZ);
	return r;
}

void
lines_free(struct lines *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	free(r->buf);
	free(r->path);
	free(r);
}

uint64_t
lines_size(const struct lines *r)
{
	return r->size;
}

int64_t
lines_mtime(const struct lines *r)
{
	return r->mtime;
}

static size_t
pread_full(int fd, char *out, size_t len, uint64_t off)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = pread(fd, out + got, len - got, (off_t)(off + got));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

size_t
lines_tail(struct lines *r, char *out, size_t len)
{
	uint64_t off = r->size > len ? r->size - len : 0;

	return pread_full(r->fd, out, (size_t)(r->size - off), off);
}

size_t
lines_head(struct lines *r, char *out, size_t len)
{
	return pread_full(r->fd, out, len, 0);
}

int
lines_seek(struct lines *r, uint64_t offset, long lineno, char **cause)
{
	if (lseek(r->fd, (off_t)offset, SEEK_SET) == -1) {
		set_cause(cause, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	r->start = r->end = 0;
	r->buf_offset = offset;
	r->eof = false;
	r->lineno = lineno - 1;
	r->tap = NULL;
	return 0;
}

static int
fill(struct lines *r, char **cause)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->buf_offset += r->start;
		r->end -= r->start;
		r->start = 0;
	}
	for (;;) {
		n = read(r->fd, r->buf + r->end, BUFSZ - r->end);
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
	if (n == -1) {
		set_cause(cause, "%s: %s", r->path, strerror(errno));
		return -1;
	}
	if (n == 0) {
		r->eof = true;
		return 0;
	}
	if (r->tap != NULL)
		r->tap(r->buf + r->end, (size_t)n, r->tap_data);
	if (memchr(r->buf + r->end, '\0', (size_t)n) != NULL) {
		const char *z = memchr(r->buf + r->end, '\0', (size_t)n);
		long line = r->lineno + 1;
		for (const char *q = r->buf + r->start; q < z; q++)
			line += *q == '\n';
		set_cause(cause, "%s:%ld: a NUL byte: this is not a G-code "
		    "text file", r->path, line);
		return -1;
	}
	r->end += (size_t)n;
	return 0;
}

int
lines_next(struct lines *r, const char **text, size_t *len, uint64_t *offset,
    long *lineno, char **cause)
{
	char *p, *nl;
	size_t l;

	for (;;) {
		p = r->buf + r->start;
		nl = memchr(p, '\n', r->end - r->start);
		if (nl != NULL)
			break;
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			nl = r->buf + r->end;	/* a last line without LF */
			break;
		}
		if (r->end - r->start == BUFSZ) {
			/* A line longer than the buffer: keep its start. */
			*text = p;
			*len = BUFSZ;
			*offset = r->buf_offset + r->start;
			*lineno = ++r->lineno;
			r->start = r->end;
			for (;;) {
				if (fill(r, cause) == -1)
					return -1;
				nl = memchr(r->buf, '\n', r->end);
				if (nl != NULL || r->eof)
					break;
				r->start = r->end;
			}
			r->start = nl != NULL ? (size_t)(nl - r->buf) + 1 :
			    r->end;
			/* The kept start was moved away by fill: give none. */
			*text = "";
			*len = 0;
			return 1;
		}
		if (fill(r, cause) == -1)
			return -1;
	}
	l = (size_t)(nl - p);
	*offset = r->buf_offset + r->start;
	*lineno = ++r->lineno;
	r->start += l + (nl < r->buf + r->end ? 1 : 0);
	if (l > 0 && p[l - 1] == '\r')
		l--;
	*text = p;
	*len = l;
	return 1;
}
