#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

uint64_t
clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		fatal("clock_gettime: %s", strerror(errno));
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void
clock_iso8601(char out[32], int64_t unix_seconds)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static char *
home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && *home != '\0')
		return xstrdup(home);
	pw = getpwuid(getuid());
	return xstrdup(pw != NULL ? pw->pw_dir : "/tmp");
}

static char *
xdg_dir(const char *env, const char *fallback)
{
	const char *base = getenv(env);
	char *home, *dir;

	/* The XDG spec says relative values are invalid and must be ignored. */
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/layerlab", base);
	home = home_dir();
	dir = xasprintf("%s/%s/layerlab", home, fallback);
	free(home);
	return dir;
}

char *
paths_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *
paths_config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config");
}

int
paths_mkdir_p(const char *path, char **cause)
{
	char *copy = xstrdup(path);
	char *p;
	struct stat st;

	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			set_cause(cause, "cannot create directory %s: %s", copy,
			    strerror(errno));
			free(copy);
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		set_cause(cause, "%s is not a directory", path);
		free(copy);
		return -1;
	}
	free(copy);
	return 0;
}

char *
file_read_all(const char *path, size_t *len, char **cause)
{
	return file_read_max(path, FILE_READ_MAX, len, cause);
}

char *
file_read_max(const char *path, size_t max, size_t *len, char **cause)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[8192];
	size_t n;

	if (f == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			set_cause(cause, "%s: larger than %zu bytes (is it the "
			    "right file?)", path, max);
			fclose(f);
			buf_free(&b);
			return NULL;
		}
		buf_append(&b, chunk, n);
	}
	if (ferror(f)) {
		set_cause(cause, "%s: read error: %s", path, strerror(errno));
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return buf_detach(&b);
}

static int
write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

int
file_replace_kind(const char *path, char **cause)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return FILE_REPLACE_NEW;
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return FILE_REPLACE_NEW;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		set_cause(cause, "%s is a directory (expected a file name)",
		    path);
		return -1;
	}
	return FILE_REPLACE_IN_PLACE;
}

int
file_write_replacing(const char *path, const char *data, size_t len,
    char **cause)
{
	char *tmp, *dir_copy;
	int fd, dfd, kind, saved;

	if ((kind = file_replace_kind(path, cause)) < 0)
		return -1;
	if (kind == FILE_REPLACE_IN_PLACE) {
		/* Renaming over a device, a pipe or a link would put a plain
		 * file in its place: /dev/null replaced, a link broken. */
		fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 || write_all(fd, data, len) != 0) {
			set_cause(cause, "cannot write %s: %s", path,
			    strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if (close(fd) != 0) {
			set_cause(cause, "cannot write %s: %s", path,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	tmp = xasprintf("%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		set_cause(cause, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		goto fail;
	}
	dir_copy = xstrdup(path);
	if ((dfd = open(dirname(dir_copy), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dir_copy);
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	set_cause(cause, "cannot write %s: %s: nothing was written", path,
	    strerror(saved));
	free(tmp);
	return -1;
}

bool
number_within(double v, double lo, double hi)
{
	return isfinite(v) && v >= lo && v <= hi;
}

bool
number_parse(const char *text, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (text == NULL || *text == '\0')
		return false;
	errno = 0;
	v = strtod(text, &end);
	if (*end != '\0' || errno == ERANGE || !number_within(v, lo, hi))
		return false;
	*out = v;
	return true;
}

bool
str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *
str_trim(char *s)
{
	char *start = s, *end;

	while (*start != '\0' && isspace((unsigned char)*start))
		start++;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	if (start != s)
		memmove(s, start, (size_t)(end - start) + 1);
	return s;
}

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t need, i;

	if (len == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		c = s[0] & 0x1F;
		need = 2;
	} else if ((s[0] & 0xF0) == 0xE0) {
		c = s[0] & 0x0F;
		need = 3;
	} else if ((s[0] & 0xF8) == 0xF0) {
		c = s[0] & 0x07;
		need = 4;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len < need) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((need == 2 && c < 0x80) || (need == 3 && c < 0x800) ||
	    (need == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return need;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && (unsigned char)s[i] == 0xEF))
			return false;
		i += n;
	}
	return true;
}

int
utf8_width(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;
	int width = 0, w;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		w = wcwidth((wchar_t)cp);
		width += w > 0 ? w : 0;
		i += n;
	}
	return width;
}
