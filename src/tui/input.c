#include <string.h>
#include <wctype.h>

#include "core.h"
#include "tui_int.h"

void
input_clear(struct tui_input *in)
{
	bool masked = in->masked, digits = in->digits_only;

	memset(in, 0, sizeof *in);
	in->masked = masked;
	in->digits_only = digits;
}

bool
input_key(struct tui_input *in, struct tui_key k)
{
	if (k.fn) {
		switch (k.code) {
		case KEY_LEFT:
			if (in->cursor > 0)
				in->cursor--;
			return true;
		case KEY_RIGHT:
			if (in->cursor < in->len)
				in->cursor++;
			return true;
		case KEY_HOME:
			in->cursor = 0;
			return true;
		case KEY_END:
			in->cursor = in->len;
			return true;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			if (in->cursor < in->len) {
				memmove(in->text + in->cursor,
				    in->text + in->cursor + 1,
				    (size_t)(in->len - in->cursor - 1) *
				    sizeof(wchar_t));
				in->len--;
			}
			return true;
		}
		return false;
	}
	if (k.code == 127 || k.code == 8) {
backspace:
		if (in->cursor > 0) {
			memmove(in->text + in->cursor - 1,
			    in->text + in->cursor,
			    (size_t)(in->len - in->cursor) * sizeof(wchar_t));
			in->cursor--;
			in->len--;
		}
		return true;
	}
	if (k.code == KEY_CTRL('u')) {
		in->len = in->cursor = 0;
		return true;
	}
	if (k.code < 0x20 || !iswprint(k.code))
		return false;
	if (in->digits_only && !(iswdigit(k.code) || k.code == '.' ||
	    k.code == ',' || k.code == '-'))
		return true;	/* swallowed: a number field takes numbers */
	if (in->len >= (int)LL_ARRAY_LEN(in->text) - 1)
		return true;
	memmove(in->text + in->cursor + 1, in->text + in->cursor,
	    (size_t)(in->len - in->cursor) * sizeof(wchar_t));
	in->text[in->cursor++] = (wchar_t)k.code;
	in->len++;
	return true;
}

void
input_text(const struct tui_input *in, char *out, size_t n)
{
	size_t used = 0;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	for (int i = 0; i < in->len; i++) {
		char mb[8];
		size_t m = wcrtomb(mb, in->text[i], &st);

		if (m == (size_t)-1 || used + m + 1 > n)
			break;
		memcpy(out + used, mb, m);
		used += m;
	}
	out[used] = '\0';
}

void
input_set(struct tui_input *in, const char *utf8)
{
	size_t len = strlen(utf8), i = 0;

	in->len = 0;
	while (i < len && in->len < (int)LL_ARRAY_LEN(in->text) - 1) {
		uint32_t cp;
		i += utf8_decode(utf8 + i, len - i, &cp);
		in->text[in->len++] = (wchar_t)cp;
	}
	in->cursor = in->len;
}
