#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_append(struct buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_append_str(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list ap, copy;
	int n;

	va_start(ap, fmt);
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		fatal("bad format string \"%s\"", fmt);
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	va_end(ap);
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		buf_reset(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *p = b->data != NULL ? b->data : xstrdup("");

	buf_init(b);
	return p;
}

/* Text from learners and lessons is cleaned first (text.c): no control
 * bytes, valid UTF-8, whatever the database holds. */
void
buf_append_csv(struct buf *b, const char *raw, const char *after)
{
	char *text = text_clean(raw, true);

	if (strpbrk(text, ",\"\r\n") != NULL) {
		buf_append(b, "\"", 1);
		for (const char *p = text; *p != '\0'; p++) {
			if (*p == '"')
				buf_append(b, "\"", 1);
			buf_append(b, p, 1);
		}
		buf_append(b, "\"", 1);
	} else
		buf_append_str(b, text);
	buf_append_str(b, after);
	free(text);
}

void
buf_append_csv_text(struct buf *b, const char *text, const char *after)
{
	char *guarded;

	if (text == NULL || strchr("=+-@", text[0]) == NULL || text[0] == '\0') {
		buf_append_csv(b, text, after);
		return;
	}
	guarded = xasprintf("'%s", text);
	buf_append_csv(b, guarded, after);
	free(guarded);
}
