/*
 * Text from outside (a lesson, a learner's name, a file) made safe to show
 * on a terminal or to put in an export. A lesson may write any bytes: an
 * ESC sequence would move a terminal's cursor, recolour or retitle it, or
 * (on some terminals) answer back as if typed; invalid UTF-8 makes JSON
 * libraries drop the text and spreadsheets show mojibake. Both are
 * replaced by U+FFFD, visibly, rather than removed, so a reader can tell
 * that something was there.
 */
#include <string.h>

#include "core.h"

static bool
text_control(uint32_t cp, bool keep_newlines)
{
	if (cp == '\n' || cp == '\t')
		return !keep_newlines;
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

void
buf_append_clean(struct buf *b, const char *s, size_t len,
    bool keep_newlines)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' || cp == '\t') {
			buf_append(b, keep_newlines ? s + i : " ", 1);
		} else if ((cp == 0xFFFD && !(n == 3 &&
		    memcmp(s + i, replacement, 3) == 0)) ||
		    text_control(cp, keep_newlines)) {
			buf_append(b, replacement, 3);
		} else {
			buf_append(b, s + i, n);
		}
		i += n;
	}
}

char *
text_clean(const char *s, bool keep_newlines)
{
	struct buf b;

	buf_init(&b);
	buf_append_clean(&b, s != NULL ? s : "", s != NULL ? strlen(s) : 0,
	    keep_newlines);
	buf_append(&b, "", 1);
	return buf_detach(&b);
}

bool
text_is_clean(const char *s, size_t len, bool keep_newlines)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if ((cp == 0xFFFD && !(n == 3 && (unsigned char)s[i] == 0xEF)) ||
		    ((cp == '\n' || cp == '\t') ? !keep_newlines :
		    text_control(cp, keep_newlines)))
			return false;
		i += n;
	}
	return true;
}

/*
 * For a person reading a terminal: invalid bytes become U+FFFD as above,
 * but a control character is written out as an escape ("\x1b", "\u009b")
 * so that whoever reads it sees what was sent; a tab becomes a space and a
 * newline stays only with keep_newlines.
 */
void
buf_append_visible(struct buf *b, const char *s, size_t len,
    bool keep_newlines)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == '\t')
			buf_append(b, " ", 1);
		else if (cp == '\n' && keep_newlines)
			buf_append(b, "\n", 1);
		else if (cp < 0x20 || cp == 0x7F)
			buf_appendf(b, "\\x%02x", (unsigned)cp);
		else if (cp >= 0x80 && cp <= 0x9F)
			buf_appendf(b, "\\u%04x", (unsigned)cp);
		else if (cp == 0xFFFD)
			buf_append(b, "\xEF\xBF\xBD", 3);
		else
			buf_append(b, s + i, n);
		i += n;
	}
}

char *
text_visible(const char *s)
{
	struct buf b;

	buf_init(&b);
	if (s != NULL)
		buf_append_visible(&b, s, strlen(s), false);
	buf_append(&b, "", 1);
	return buf_detach(&b);
}

bool
text_is_visible(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
		    (cp == 0xFFFD && !(n == 3 && (unsigned char)s[i] == 0xEF)))
			return false;
		i += n;
	}
	return true;
}
