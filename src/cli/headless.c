/*
 * The headless front end: lesson_ui_ops that answer from a file and print
 * a transcript. Used by lesson authors ("does my lesson run?") and by the
 * tests, which run every shipped lesson against the virtual printer.
 */
#define _GNU_SOURCE		/* fopencookie */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headless.h"

/* An answers file is a few hundred lines; anything far larger is a mistake
 * (or /dev/zero) and is refused before it costs memory. */
#define HEADLESS_ANSWERS_MAX (1u << 20)
#define HEADLESS_ANSWERS_LINES 10000

struct hl_answer {
	char *id;
	char *value;
	int line;
	bool used;
};

struct hl_verdict {
	char *outcome;
	bool passed;
};

struct headless {
	char *path;
	FILE *out;		/* the transcript, cleaned on its way to: */
	FILE *real_out;
	struct loop *loop;
	struct hl_answer *answers;
	int nanswers;
	struct hl_verdict *verdicts;
	int nverdicts;
	bool finished;
	enum lesson_status status;
	char *message;
	bool in_wait;
	/* The stop key, pressed when stop_after more printer waits have
	 * ended (-1: not armed). */
	void (*stop)(void *);
	int (*reset)(void *, char **);
	int (*play_fault)(void *, const char *, char **);
	/* The virtual printer's switches and faults by name (NULL: not on
	 * the virtual printer). */
	int (*virtual_cmd)(void *, const char *, char **);
	void *printer;
	int stop_after;
	struct loop_timer *stop_timer;
};

/* {====== the answer file */

static int
hl_parse(struct headless *hl, char *text, char **cause)
{
	char *line, *next, *eq, *hash;
	int lineno = 0;

	for (line = text; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		/* '#' starts a comment at the line's start or after a space. */
		for (hash = line; (hash = strchr(hash, '#')) != NULL; hash++) {
			if (hash == line || isspace((unsigned char)hash[-1])) {
				*hash = '\0';
				break;
			}
		}
		str_trim(line);
		if (*line == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			set_cause(cause, "%s:%d: expected 'id = value', got "
			    "'%s'", hl->path, lineno, line);
			return -1;
		}
		*eq = '\0';
		str_trim(line);
		str_trim(eq + 1);
		if (*line == '\0' || strpbrk(line, " \t") != NULL) {
			set_cause(cause, "%s:%d: expected an id (no spaces) "
			    "before '='", hl->path, lineno);
			return -1;
		}
		if (eq[1] == '\0') {
			set_cause(cause, "%s:%d: no value for '%s'", hl->path,
			    lineno, line);
			return -1;
		}
		if (hl->nanswers >= HEADLESS_ANSWERS_LINES) {
			set_cause(cause, "%s:%d: more than %d answers (is it "
			    "the right file?)", hl->path, lineno,
			    HEADLESS_ANSWERS_LINES);
			return -1;
		}
		hl->answers = xrealloc(hl->answers, (size_t)(hl->nanswers + 1) *
		    sizeof *hl->answers);
		hl->answers[hl->nanswers].id = xstrdup(line);
		hl->answers[hl->nanswers].value = xstrdup(eq + 1);
		hl->answers[hl->nanswers].line = lineno;
		hl->answers[hl->nanswers].used = false;
		hl->nanswers++;
	}
	return 0;
}

/*
 * Everything the transcript says passes here: a lesson's text can put
 * neither terminal escapes nor invalid UTF-8 on the terminal or in a log
 * (buf_append_clean). A UTF-8 sequence split between two writes is held
 * back until it is whole.
 */
struct clean_out {
	FILE *to;
	char carry[4];
	size_t ncarry;
};

/* Bytes at the end of s[0..len) that start an unfinished UTF-8 sequence. */
static size_t
utf8_unfinished(const char *s, size_t len)
{
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		unsigned char c = (unsigned char)s[len - back];
		size_t need;

		if ((c & 0xC0) == 0x80)
			continue;	/* a continuation byte: look further */
		need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
		    (c & 0xF8) == 0xF0 ? 4 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

static ssize_t
clean_write(void *cookie, const char *data, size_t size)
{
	struct clean_out *co = cookie;
	struct buf in, out;
	size_t keep;

	buf_init(&in);
	buf_init(&out);
	buf_append(&in, co->carry, co->ncarry);
	buf_append(&in, data, size);
	keep = utf8_unfinished(in.data, in.len);
	buf_append_clean(&out, in.data, in.len - keep, true);
	memcpy(co->carry, in.data + in.len - keep, keep);
	co->ncarry = keep;
	if (out.len > 0)
		fwrite(out.data, 1, out.len, co->to);
	buf_free(&in);
	buf_free(&out);
	return (ssize_t)size;
}

static int
clean_close(void *cookie)
{
	struct clean_out *co = cookie;
	struct buf out;

	/* What never finished is shown as what it is: not UTF-8. */
	buf_init(&out);
	buf_append_clean(&out, co->carry, co->ncarry, true);
	if (out.len > 0)
		fwrite(out.data, 1, out.len, co->to);
	buf_free(&out);
	fflush(co->to);
	free(co);
	return 0;
}

static FILE *
clean_open(FILE *to)
{
	static const cookie_io_functions_t fns = {
		.write = clean_write, .close = clean_close,
	};
	struct clean_out *co = xcalloc(1, sizeof *co);
	FILE *f;

	co->to = to;
	if ((f = fopencookie(co, "w", fns)) == NULL)
		fatal("fopencookie: %s", strerror(errno));
	/* Unbuffered: the transcript keeps its order with what the caller
	 * writes to the same stream directly. */
	setvbuf(f, NULL, _IONBF, 0);
	return f;
}

struct headless *
headless_new(const char *answers_path, FILE *out, struct loop *loop,
    char **cause)
{
	struct headless *hl = xcalloc(1, sizeof *hl);
	char *text;
	size_t len;

	hl->path = xstrdup(answers_path);
	hl->real_out = out;
	hl->out = clean_open(out);
	hl->loop = loop;
	hl->stop_after = -1;
	if ((text = file_read_max(answers_path, HEADLESS_ANSWERS_MAX, &len,
	    cause)) == NULL ||
	    hl_parse(hl, text, cause) != 0) {
		free(text);
		headless_free(hl);
		return NULL;
	}
	free(text);
	return hl;
}

void
headless_free(struct headless *hl)
{
	if (hl == NULL)
		return;
	if (hl->out != NULL)
		fclose(hl->out);
	if (hl->stop_timer != NULL)
		loop_timer_remove(hl->stop_timer);
	for (int i = 0; i < hl->nanswers; i++) {
		free(hl->answers[i].id);
		free(hl->answers[i].value);
	}
	free(hl->answers);
	for (int i = 0; i < hl->nverdicts; i++)
		free(hl->verdicts[i].outcome);
	free(hl->verdicts);
	free(hl->message);
	free(hl->path);
	free(hl);
}

/* The next unused answer for id, marked used; NULL when there is none. */
static struct hl_answer *
hl_take(struct headless *hl, const char *id)
{
	for (int i = 0; i < hl->nanswers; i++) {
		if (!hl->answers[i].used && strcmp(hl->answers[i].id, id) == 0) {
			hl->answers[i].used = true;
			return &hl->answers[i];
		}
	}
	return NULL;
}

static void
hl_missing(struct headless *hl, struct lesson_run *run, const char *id,
    const char *what)
{
	char *why;

	why = xasprintf("%s: no answer for %s '%s' (add a line '%s = ...')",
	    hl->path, what, id, id);
	fprintf(hl->out, "!! %s\n", why);
	lesson_run_cancel(run, why);
	free(why);
}

static void
hl_bad(struct headless *hl, struct lesson_run *run, struct hl_answer *a,
    const char *fmt, ...) LL_PRINTF(4, 5);

static void
hl_bad(struct headless *hl, struct lesson_run *run, struct hl_answer *a,
    const char *fmt, ...)
{
	va_list ap;
	char *msg, *why;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	why = xasprintf("%s:%d: %s: %s", hl->path, a->line, a->id, msg);
	fprintf(hl->out, "!! %s\n", why);
	lesson_run_cancel(run, why);
	free(why);
	free(msg);
}

/* Parses "1, 3" / "1 3" into numbers; -1 on anything else. */
static int
hl_numbers(const char *s, int *out, int max)
{
	int n = 0;
	char *end;
	long v;

	while (*s != '\0') {
		while (*s == ' ' || *s == ',' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		errno = 0;
		v = strtol(s, &end, 10);
		if (end == s || errno != 0 || n == max)
			return -1;
		out[n++] = (int)v;
		s = end;
	}
	return n;
}

static int
hl_yes_no(const char *s)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	    strcasecmp(s, "y") == 0)
		return 1;
	if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "n") == 0)
		return 0;
	return -1;
}

/* }====== */

/* {====== the transcript */

static void
hl_indent(FILE *f, const char *prefix, const char *text)
{
	const char *p = text, *nl;

	do {
		nl = strchr(p, '\n');
		fprintf(f, "%s%.*s\n", prefix, nl != NULL ? (int)(nl - p) :
		    (int)strlen(p), p);
		p = nl != NULL ? nl + 1 : NULL;
	} while (p != NULL && *p != '\0');
}

static void
hl_begin(const struct lesson_info *info, void *data)
{
	struct headless *hl = data;

	fprintf(hl->out, "=== %s/%s: %s ===\n", info->module_id,
	    info->lesson_id, info->title);
	fprintf(hl->out, "attempt %lld, seed %llu, language %s%s\n",
	    (long long)info->attempt_id, (unsigned long long)info->seed,
	    info->lang, info->first_step > 0 ? ", resumed" : "");
	if (info->first_step > 0)
		fprintf(hl->out, "resuming at step %d of %d\n",
		    info->first_step + 1, info->nsteps);
}

static void
hl_step(int index, int count, const char *title, void *data)
{
	struct headless *hl = data;

	fprintf(hl->out, "\n--- step %d/%d: %s ---\n", index + 1, count,
	    title);
}

static void
hl_table(FILE *f, const struct lesson_block *b)
{
	int *w = xcalloc(b->ncols + 1, sizeof *w);
	size_t c, r;

	for (c = 0; c < b->ncols; c++) {
		if (b->header != NULL && utf8_width(b->header[c]) > w[c])
			w[c] = utf8_width(b->header[c]);
		for (r = 0; r < b->nrows; r++) {
			if (utf8_width(b->cells[r * b->ncols + c]) > w[c])
				w[c] = utf8_width(b->cells[r * b->ncols + c]);
		}
	}
	for (r = 0; r <= b->nrows; r++) {
		const char *const *row;

		if (r == 0 && b->header == NULL)
			continue;
		row = r == 0 ? b->header : &b->cells[(r - 1) * b->ncols];
		fputs("  |", f);
		for (c = 0; c < b->ncols; c++)
			fprintf(f, " %s%*s |", row[c],
			    w[c] - utf8_width(row[c]), "");
		fputc('\n', f);
		if (r == 0) {
			fputs("  |", f);
			for (c = 0; c < b->ncols; c++) {
				for (int i = 0; i < w[c] + 2; i++)
					fputc('-', f);
				fputc('|', f);
			}
			fputc('\n', f);
		}
	}
	free(w);
}

static void
hl_show(const struct lesson_block *b, void *data)
{
	struct headless *hl = data;
	FILE *f = hl->out;

	switch (b->kind) {
	case LESSON_BLOCK_HEADING:
		fprintf(f, "# %s\n", b->text);
		break;
	case LESSON_BLOCK_SUBHEADING:
		fprintf(f, "## %s\n", b->text);
		break;
	case LESSON_BLOCK_PARAGRAPH:
		fprintf(f, "%s\n", b->text);
		break;
	case LESSON_BLOCK_LIST:
		for (size_t i = 0; i < b->nitems; i++) {
			if (b->ordered)
				fprintf(f, "  %zu. %s\n", i + 1, b->items[i]);
			else
				fprintf(f, "  - %s\n", b->items[i]);
		}
		break;
	case LESSON_BLOCK_CODE:
		fprintf(f, "  ```%s\n", b->lang != NULL ? b->lang : "");
		hl_indent(f, "  ", b->text);
		fputs("  ```\n", f);
		break;
	case LESSON_BLOCK_TABLE:
		hl_table(f, b);
		break;
	case LESSON_BLOCK_FIGURE:
		hl_indent(f, "  ", b->text);
		if (b->caption != NULL)
			fprintf(f, "  (figure: %s)\n", b->caption);
		break;
	case LESSON_BLOCK_NOTE:
		fprintf(f, "NOTE: %s\n", b->text);
		break;
	case LESSON_BLOCK_WARNING:
		fprintf(f, "WARNING: %s\n", b->text);
		break;
	}
}

/* The shown index of the choice written as number n, or -1. */
static int
hl_shown_index(const struct lesson_question *q, int n)
{
	for (size_t i = 0; i < q->nchoices; i++) {
		if (q->origin[i] == n)
			return (int)i;
	}
	return -1;
}

static void
hl_ask(struct lesson_run *run, const struct lesson_question *q, void *data)
{
	static const char *const kinds[] = { "single choice",
	    "multiple choice", "true/false", "numeric", "ordering" };
	struct headless *hl = data;
	struct lesson_answer a;
	struct hl_answer *ans;
	int nums[64], picks[64], n, yn;
	char *end;

	fprintf(hl->out, "\n? [%s] %s", q->id, q->text);
	if (q->quiz_count > 0)
		fprintf(hl->out, "  (question %d of %d)", q->quiz_index,
		    q->quiz_count);
	if (q->tries > 1)
		fprintf(hl->out, "  (try %d of %d)", q->try_no, q->tries);
	fprintf(hl->out, "\n  (%s%s%s)\n", kinds[q->kind],
	    q->unit != NULL ? ", in " : "", q->unit != NULL ? q->unit : "");
	/* Numbered as written, in the order shown: what answer files use. */
	for (size_t i = 0; i < q->nchoices; i++)
		fprintf(hl->out, "  %d) %s\n", q->origin[i], q->choices[i]);
	if ((ans = hl_take(hl, q->id)) == NULL) {
		hl_missing(hl, run, q->id, "question");
		return;
	}
	fprintf(hl->out, "> %s\n", ans->value);
	memset(&a, 0, sizeof a);
	a.picks = picks;
	switch (q->kind) {
	case LESSON_Q_NUMERIC:
		errno = 0;
		a.number = strtod(ans->value, &end);
		if (end == ans->value || errno != 0 || !isfinite(a.number)) {
			hl_bad(hl, run, ans, "'%s' is not a number", ans->value);
			return;
		}
		break;
	case LESSON_Q_TRUEFALSE:
		if ((yn = hl_yes_no(ans->value)) == -1) {
			hl_bad(hl, run, ans, "expected true or false, got '%s'",
			    ans->value);
			return;
		}
		picks[0] = hl_shown_index(q, yn ? 1 : 2);
		a.npicks = 1;
		break;
	default:
		n = hl_numbers(ans->value, nums, (int)LL_ARRAY_LEN(nums));
		if (n <= 0 || (q->kind == LESSON_Q_SINGLE && n != 1) ||
		    (q->kind == LESSON_Q_ORDER && (size_t)n != q->nchoices)) {
			hl_bad(hl, run, ans, "expected %s, got '%s'",
			    q->kind == LESSON_Q_SINGLE ? "one choice number" :
			    q->kind == LESSON_Q_ORDER ? "every item number in "
			    "order" : "choice numbers", ans->value);
			return;
		}
		for (int i = 0; i < n; i++) {
			if ((picks[i] = hl_shown_index(q, nums[i])) == -1) {
				hl_bad(hl, run, ans, "%d is not a choice (1-%zu)",
				    nums[i], q->nchoices);
				return;
			}
		}
		a.npicks = (size_t)n;
		break;
	}
	if (lesson_run_answer(run, &a) != 0)
		hl_bad(hl, run, ans, "'%s' is not a valid answer (a number "
		    "given twice?)", ans->value);
}

static void
hl_feedback(const struct lesson_feedback *fb, void *data)
{
	struct headless *hl = data;

	fprintf(hl->out, "  %s%s%s\n", fb->correct ? "correct" :
	    fb->final ? "wrong" : "wrong, try again",
	    fb->text != NULL ? ": " : "", fb->text != NULL ? fb->text : "");
	if (fb->explain != NULL)
		fprintf(hl->out, "  %s\n", fb->explain);
}

static void
hl_confirm(struct lesson_run *run, const char *id, const char *text,
    void *data)
{
	struct headless *hl = data;
	struct hl_answer *ans;
	int yn;

	fprintf(hl->out, "\n? [%s] %s (yes/no)\n", id, text);
	if ((ans = hl_take(hl, id)) == NULL) {
		hl_missing(hl, run, id, "confirmation");
		return;
	}
	fprintf(hl->out, "> %s\n", ans->value);
	if (strncmp(ans->value, "hold ", 5) == 0 ||
	    strcmp(ans->value, "release") == 0) {
		char name[64], *cause = NULL;
		bool hold = ans->value[0] == 'h';
		const char *sw = hold ? ans->value + 5 : "";

		/* The trainee holds a switch of the virtual printer (or lets
		 * go of every switch), then answers yes. */
		while (*sw == ' ')
			sw++;
		if (hl->virtual_cmd == NULL) {
			hl_bad(hl, run, ans, "'%s': only the virtual printer's "
			    "switches can be pressed from an answer file",
			    ans->value);
			return;
		}
		if (hold && *sw == '\0') {
			hl_bad(hl, run, ans, "'hold' needs a switch (such as "
			    "'hold x_min')");
			return;
		}
		snprintf(name, sizeof name, hold ? "hold-%s" : "release", sw);
		if (hl->virtual_cmd(hl->printer, name, &cause) != 0) {
			hl_bad(hl, run, ans, "%s", cause);
			free(cause);
			return;
		}
		if (hold)
			fprintf(hl->out, "  [trainee] presses and holds the "
			    "%s switch\n", sw);
		else
			fputs("  [trainee] lets go of the switch\n", hl->out);
		lesson_run_confirm(run, true);
		return;
	}
	if (strcmp(ans->value, "reset") == 0) {
		char *cause = NULL;

		/* The trainee presses the reset button, then answers yes. */
		if (hl->reset == NULL) {
			hl_bad(hl, run, ans, "'reset': only the virtual printer "
			    "can be reset from an answer file");
			return;
		}
		fputs("  [trainee] presses the printer's reset button\n",
		    hl->out);
		if (hl->reset(hl->printer, &cause) != 0) {
			hl_bad(hl, run, ans, "the reset failed: %s", cause);
			free(cause);
			return;
		}
		lesson_run_confirm(run, true);
		return;
	}
	if (strncmp(ans->value, "fault ", 6) == 0) {
		const char *name = ans->value + 6;
		char *cause = NULL;

		/* A trainer plays a fault from the trainer screen's list
		 * while the lesson waits, then answers yes. */
		if (hl->play_fault == NULL) {
			hl_bad(hl, run, ans, "'fault': only the virtual printer "
			    "plays faults");
			return;
		}
		fprintf(hl->out, "  [trainer] plays the fault %s\n", name);
		if (hl->play_fault(hl->printer, name, &cause) != 0) {
			hl_bad(hl, run, ans, "%s", cause);
			free(cause);
			return;
		}
		lesson_run_confirm(run, true);
		return;
	}
	if ((yn = hl_yes_no(ans->value)) == -1) {
		hl_bad(hl, run, ans, "expected yes or no, got '%s'", ans->value);
		return;
	}
	lesson_run_confirm(run, yn == 1);
}

void
headless_set_printer(struct headless *hl, void (*stop)(void *),
    int (*reset)(void *, char **), void *arg)
{
	hl->stop = stop;
	hl->reset = reset;
	hl->printer = arg;
}

void
headless_set_faults(struct headless *hl,
    int (*play)(void *, const char *, char **))
{
	hl->play_fault = play;
}

int
headless_set_virtual(struct headless *hl,
    int (*virtual_cmd)(void *, const char *, char **), char **cause)
{
	struct hl_answer *a;
	char *why = NULL;

	hl->virtual_cmd = virtual_cmd;
	while ((a = hl_take(hl, "virtual.fault")) != NULL) {
		if (virtual_cmd == NULL) {
			set_cause(cause, "%s:%d: virtual.fault: only the "
			    "virtual printer (--port virtual) plays faults",
			    hl->path, a->line);
			return -1;
		}
		if (virtual_cmd(hl->printer, a->value, &why) != 0) {
			set_cause(cause, "%s:%d: virtual.fault: %s", hl->path,
			    a->line, why);
			free(why);
			return -1;
		}
		fprintf(hl->out, "  [trainer] plays '%s' on the virtual "
		    "printer\n", a->value);
	}
	return 0;
}

/* From the loop, never inside a callback of the runner. */
static uint64_t
hl_press_stop(uint64_t now, void *data)
{
	struct headless *hl = data;

	(void)now;
	fputs("  [trainee] presses the emergency stop\n", hl->out);
	if (hl->stop != NULL)
		hl->stop(hl->printer);
	return 0;
}

static void
hl_arm_stop(struct headless *hl)
{
	if (hl->stop_timer == NULL)
		hl->stop_timer = loop_timer_add(hl->loop, clock_ms(),
		    hl_press_stop, hl);
	else
		loop_timer_set(hl->stop_timer, clock_ms());
}

/*
 * "no": the trainee never presses it; a number N: the trainee presses it
 * when N more of the lesson's printer waits have ended (counted, not timed,
 * so that a run is the same at every speed).
 */
static void
hl_expect_stop(struct lesson_run *run, const char *id, void *data)
{
	struct headless *hl = data;
	struct hl_answer *ans;
	char *end;
	long n;

	fprintf(hl->out, "? [%s] emergency stop expected\n", id);
	if ((ans = hl_take(hl, id)) == NULL) {
		hl_missing(hl, run, id, "emergency stop");
		return;
	}
	fprintf(hl->out, "> %s\n", ans->value);
	if (hl_yes_no(ans->value) == 0)
		return;
	n = strtol(ans->value, &end, 10);
	if (end == ans->value || *end != '\0' || n < 0 || n > 100000) {
		hl_bad(hl, run, ans, "expected no or the number of printer "
		    "waits after which the trainee presses the stop, got '%s'",
		    ans->value);
		return;
	}
	hl->stop_after = (int)n;
	if (n == 0) {
		hl->stop_after = -1;
		hl_arm_stop(hl);
	}
}

static void
hl_pause(struct lesson_run *run, const char *text, void *data)
{
	struct headless *hl = data;

	if (text != NULL)
		fprintf(hl->out, "[continue] %s\n", text);
	lesson_run_continue(run);
}

static void
hl_signoff(struct lesson_run *run, const struct lesson_signoff *s,
    void *data)
{
	struct headless *hl = data;
	struct hl_answer *ans;
	char trainer[128], pin[64], verdict[16];
	int n;

	if (s->error != NULL)
		fprintf(hl->out, "  sign-off refused: %s\n", s->error);
	else
		fprintf(hl->out, "\n? [%s] trainer %s for %s: %s\n",
		    s->id, s->observation ? "observation" : "sign-off",
		    s->outcome, s->prompt);
	if ((ans = hl_take(hl, s->id)) == NULL) {
		hl_missing(hl, run, s->id, "sign-off");
		return;
	}
	*verdict = '\0';
	n = sscanf(ans->value, "%127s %63s %15s", trainer, pin, verdict);
	if (n < 2 || (n == 3 && strcmp(verdict, "pass") != 0 &&
	    strcmp(verdict, "fail") != 0)) {
		hl_bad(hl, run, ans, "expected 'TRAINER PIN [pass|fail]'");
		return;
	}
	/* The PIN stays out of the transcript. */
	fprintf(hl->out, "> trainer %s, PIN ****, %s\n", trainer,
	    n == 3 ? verdict : "pass");
	lesson_run_signoff(run, trainer, pin, n < 3 ||
	    strcmp(verdict, "pass") == 0);
}

static void
hl_wait(const struct lesson_wait *w, void *data)
{
	struct headless *hl = data;

	if (w == NULL) {
		hl->in_wait = false;
		if (hl->stop_after > 0 && --hl->stop_after == 0) {
			hl->stop_after = -1;
			hl_arm_stop(hl);
		}
		return;
	}
	if (hl->in_wait)
		return;	/* updates: the transcript shows starts only */
	hl->in_wait = true;
	switch (w->kind) {
	case LESSON_WAIT_COMMAND:
		hl_indent(hl->out, "  printer> ", w->what);
		break;
	case LESSON_WAIT_HEAT:
	case LESSON_WAIT_COOL:
		if (w->has_temps)
			fprintf(hl->out, "  [printer] %s: nozzle %.1f/%.0f °C, "
			    "bed %.1f/%.0f °C\n", w->kind == LESSON_WAIT_HEAT ?
			    "heating" : "cooling", w->nozzle, w->nozzle_target,
			    w->bed, w->bed_target);
		else
			fprintf(hl->out, "  [printer] %s: nozzle ?/%.0f °C, bed "
			    "?/%.0f °C\n", w->kind == LESSON_WAIT_HEAT ?
			    "heating" : "cooling", w->nozzle_target,
			    w->bed_target);
		break;
	case LESSON_WAIT_IDLE:
		fputs("  [printer] finishing moves\n", hl->out);
		break;
	case LESSON_WAIT_PRINT:
		fprintf(hl->out, "  [printer] printing %s\n", w->what);
		break;
	case LESSON_WAIT_SLEEP:
		fprintf(hl->out, "  [waiting %g s]\n", w->timeout);
		break;
	}
}

static void
hl_checked(const struct lesson_check *c, void *data)
{
	struct headless *hl = data;
	int i;

	fprintf(hl->out, "[result] %s by %s: %s", c->outcome,
	    rec_method_name(c->method), c->method == REC_METHOD_OBSERVATION ?
	    (c->passed ? "seen" : "not seen") : c->passed ? "passed" :
	    "not passed");
	if (c->has_score)
		fprintf(hl->out, ", score %g/%g", c->score, c->max);
	if (c->trainer_id != NULL)
		fprintf(hl->out, ", signed by %s", c->trainer_id);
	fputc('\n', hl->out);
	for (i = 0; i < hl->nverdicts; i++) {
		if (strcmp(hl->verdicts[i].outcome, c->outcome) == 0)
			break;
	}
	if (i == hl->nverdicts) {
		hl->verdicts = xrealloc(hl->verdicts, (size_t)(i + 1) *
		    sizeof *hl->verdicts);
		hl->verdicts[i].outcome = xstrdup(c->outcome);
		hl->nverdicts++;
	}
	hl->verdicts[i].passed = c->passed;
}

static void
hl_print(const char *text, void *data)
{
	struct headless *hl = data;

	hl_indent(hl->out, "[print] ", text);
}

static void
hl_finished(const struct lesson_end *end, void *data)
{
	struct headless *hl = data;

	hl->finished = true;
	hl->status = end->status;
	/* The lesson is over: no stop left to press, and the owner may free
	 * the loop before this front end. */
	if (hl->stop_timer != NULL) {
		loop_timer_remove(hl->stop_timer);
		hl->stop_timer = NULL;
	}
	free(hl->message);
	hl->message = end->message != NULL ? xstrdup(end->message) : NULL;
	fprintf(hl->out, "\n=== %s", lesson_status_name(end->status));
	if (end->status != LESSON_COMPLETED)
		fprintf(hl->out, " at step %d", end->step_index + 1);
	fputs(" ===\n", hl->out);
	if (end->message != NULL)
		fprintf(hl->out, "%s\n", end->message);
	if (end->traceback != NULL)
		fprintf(hl->out, "traceback (lesson frames):\n%s\n",
		    end->traceback);
	fflush(hl->out);
	loop_stop(hl->loop);
}

/* }====== */

const struct lesson_ui_ops *
headless_ops(void)
{
	static const struct lesson_ui_ops ops = {
		.begin = hl_begin,
		.step = hl_step,
		.show = hl_show,
		.ask = hl_ask,
		.feedback = hl_feedback,
		.confirm = hl_confirm,
		.pause = hl_pause,
		.signoff = hl_signoff,
		.expect_stop = hl_expect_stop,
		.wait = hl_wait,
		.checked = hl_checked,
		.print = hl_print,
		.finished = hl_finished,
	};

	return &ops;
}

bool
headless_finished(const struct headless *hl)
{
	return hl->finished;
}

enum lesson_status
headless_status(const struct headless *hl)
{
	return hl->status;
}

const char *
headless_message(const struct headless *hl)
{
	return hl->message;
}

char *
headless_failed_outcomes(const struct headless *hl)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; i < hl->nverdicts; i++) {
		if (!hl->verdicts[i].passed)
			buf_appendf(&b, "%s%s", b.len > 0 ? ", " : "",
			    hl->verdicts[i].outcome);
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void
headless_report_unused(const struct headless *hl, FILE *f)
{
	for (int i = 0; i < hl->nanswers; i++) {
		if (!hl->answers[i].used)
			fprintf(f, "%s:%d: note: '%s' was not asked\n",
			    hl->path, hl->answers[i].line, hl->answers[i].id);
	}
}
