/*
 * layerlab trainer: the people who sign off practical work with a PIN.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "records.h"

#define TRAINER_PIN_MAX (REC_PASSPHRASE_MAX_BYTES + 2)

/*
 * Reads one PIN line: from the terminal without echo, or plainly from stdin
 * when it is not a terminal (or --pin-stdin), so scripts can supply PINs.
 */
static int
trainer_read_pin(const char *prompt, bool from_stdin, char pin[TRAINER_PIN_MAX])
{
	struct termios saved, quiet;
	bool tty = !from_stdin && isatty(STDIN_FILENO);
	char *got;
	size_t len;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &saved) != 0)
			tty = false;
		else {
			quiet = saved;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			quiet.c_lflag |= ECHONL;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
	}
	got = fgets(pin, TRAINER_PIN_MAX, stdin);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	if (got == NULL) {
		cli_error("trainer", "no PIN given (input ended)");
		return -1;
	}
	len = strcspn(pin, "\r\n");
	if (pin[len] == '\0' && len == TRAINER_PIN_MAX - 1) {
		cli_error("trainer", "the PIN is too long");
		return -1;
	}
	pin[len] = '\0';
	return 0;
}

/* Asks for a new PIN twice; both must agree. */
static int
trainer_new_pin(bool from_stdin, char pin[TRAINER_PIN_MAX])
{
	char again[TRAINER_PIN_MAX];
	int rc = 0;

	if (trainer_read_pin("New PIN (6 or more digits, or a passphrase): ", from_stdin,
	    pin) != 0 ||
	    trainer_read_pin("The same PIN again: ", from_stdin, again) != 0)
		rc = -1;
	else if (strcmp(pin, again) != 0) {
		cli_error("trainer", "the two PINs differ: nothing was changed");
		rc = -1;
	}
	memset(again, 0, sizeof again);
	return rc;
}

static int
trainer_add(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "pin-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL;
	bool from_stdin = false;
	struct rec_store *s;
	struct rec_trainer t;
	char pin[TRAINER_PIN_MAX], *cause = NULL;
	int opt, rc = EXIT_FAIL;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'n': name = optarg; break;
		case 'p': from_stdin = true; break;
		default:
			return cli_bad_option(&cmd_trainer, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_trainer, "add: give one trainer id");
	if (name == NULL)
		return cli_usage_error(&cmd_trainer, "add: --name is required");
	if ((s = cli_records_open(cfg, "trainer")) == NULL)
		return EXIT_FAIL;
	/* Refuse a taken id before asking for a PIN. */
	if (rec_trainer_get(s, argv[optind], &t, NULL) == 0) {
		cli_error("trainer add", "trainer '%s' already exists (change "
		    "the PIN with 'layerlab trainer passwd %s')", argv[optind],
		    argv[optind]);
		rec_trainer_clear(&t);
		goto out;
	}
	if (trainer_new_pin(from_stdin, pin) != 0)
		goto out;
	if (rec_trainer_add(s, argv[optind], name, pin, &cause) != 0) {
		cli_error("trainer add", "%s", cause);
		free(cause);
	} else {
		printf("added trainer %s\n", argv[optind]);
		rc = EXIT_OK;
	}
out:
	memset(pin, 0, sizeof pin);
	rec_close(s);
	return rc;
}

static int
trainer_passwd(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "pin-stdin", no_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	bool from_stdin = false;
	const char *by = NULL;
	struct rec_store *s;
	struct rec_trainer t;
	char pin[TRAINER_PIN_MAX], *cause = NULL, *prompt;
	int opt, rc = EXIT_FAIL;

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'p': from_stdin = true; break;
		case 'b': by = optarg; break;
		default:
			return cli_bad_option(&cmd_trainer, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_trainer, "passwd: give one trainer "
		    "id");
	if (by != NULL && strcmp(by, argv[optind]) == 0)
		by = NULL;
	if ((s = cli_records_open(cfg, "trainer")) == NULL)
		return EXIT_FAIL;
	if (rec_trainer_get(s, argv[optind], &t, &cause) != 0) {
		cli_error("trainer passwd", "%s", cause);
		free(cause);
		goto out;
	}
	rec_trainer_clear(&t);
	/* A forgotten PIN is reset by another trainer, with their own PIN. */
	prompt = by != NULL ? xasprintf("PIN of %s: ", by) :
	    xstrdup("Current PIN: ");
	if (trainer_read_pin(prompt, from_stdin, pin) != 0) {
		free(prompt);
		goto out;
	}
	free(prompt);
	if (by == NULL)
		by = argv[optind];
	if (rec_trainer_check_pin(s, by, pin, NULL, &cause) != 0) {
		cli_error("trainer passwd", "%s: %s", by, cause);
		free(cause);
		goto out;
	}
	if (trainer_new_pin(from_stdin, pin) != 0)
		goto out;
	if (rec_trainer_set_pin(s, argv[optind], pin, &cause) != 0) {
		cli_error("trainer passwd", "%s", cause);
		free(cause);
	} else {
		printf("changed the PIN of trainer %s\n", argv[optind]);
		rc = EXIT_OK;
	}
out:
	memset(pin, 0, sizeof pin);
	rec_close(s);
	return rc;
}

static void
trainer_state(const struct rec_trainer *t, int64_t now, char *out, size_t len)
{
	if (t->locked_until > now)
		snprintf(out, len, "locked, %lld seconds left",
		    (long long)(t->locked_until - now));
	else if (t->failures > 0)
		snprintf(out, len, "%d wrong PIN%s", t->failures,
		    t->failures == 1 ? "" : "s");
	else
		snprintf(out, len, "ok");
}

static int
trainer_list(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	bool as_json = false;
	struct rec_store *s;
	struct rec_trainer *t;
	size_t n;
	char *cause = NULL, state[64];
	int opt, rc = EXIT_OK, wid = 2, wname = 4;
	int64_t now = (int64_t)time(NULL);

	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		if (opt != 'j')
			return cli_bad_option(&cmd_trainer, argv);
		as_json = true;
	}
	if (optind != argc)
		return cli_unexpected(&cmd_trainer, argv);
	if ((s = cli_records_open(cfg, "trainer")) == NULL)
		return EXIT_FAIL;
	if (rec_trainer_list(s, &t, &n, &cause) != 0) {
		cli_error("trainer list", "%s", cause);
		free(cause);
		rec_close(s);
		return EXIT_FAIL;
	}
	rec_close(s);
	if (as_json) {
		rc = cli_print_text(rec_json_trainers(t, n, now));
	} else if (n == 0)
		puts("no trainers yet (add one with 'layerlab trainer add')");
	else {
		for (size_t i = 0; i < n; i++) {
			wid = cli_cell_width(t[i].id, wid);
			wname = cli_cell_width(t[i].name, wname);
		}
		cli_cell("ID", wid + 2);
		cli_cell("NAME", wname + 2);
		puts("PIN");
		for (size_t i = 0; i < n; i++) {
			trainer_state(&t[i], now, state, sizeof state);
			cli_cell(t[i].id, wid + 2);
			cli_cell(t[i].name, wname + 2);
			puts(state);
		}
	}
	rec_trainer_free_array(t, n);
	return rc;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	static const struct cli_subcommand subs[] = {
		{ "add", trainer_add },
		{ "passwd", trainer_passwd },
		{ "list", trainer_list },
	};

	return cli_run_subcommand(&cmd_trainer, subs, LL_ARRAY_LEN(subs),
	    argc, argv, cfg);
}

const struct cli_command cmd_trainer = {
	.name = "trainer",
	.summary = "add trainers, change their PINs, list them",
	.usage = "layerlab trainer add ID --name NAME [--pin-stdin] | "
	    "passwd ID [--by TRAINER] [--pin-stdin] | list [--json]",
	.help =
	    "Trainers sign off practical work at the station with a PIN of 4 or\n"
	    "more digits. PINs are stored only as Argon2id hashes. After 5 wrong\n"
	    "PINs in a row a trainer is locked for a minute, during which even\n"
	    "the right PIN is refused; the count survives restarts and is shared\n"
	    "by every station using the same records database.\n"
	    "\n"
	    "  add ID --name NAME   adds a trainer; asks for the PIN twice\n"
	    "  passwd ID            asks for the current PIN, then the new one twice\n"
	    "  passwd ID --by OTHER resets a forgotten PIN: asks for the PIN of\n"
	    "                       trainer OTHER instead of the current one\n"
	    "  list [--json]        lists trainers and whether they are locked\n"
	    "\n"
	    "PINs are read from the terminal without echo. When the input is not\n"
	    "a terminal, or with --pin-stdin, each PIN is one line of input.\n"
	    "\n"
	    "Examples:\n"
	    "  layerlab trainer add mkovac --name \"Marija Kovač\"\n"
	    "  layerlab trainer passwd mkovac\n"
	    "  layerlab trainer passwd jhorvat --by mkovac\n"
	    "  printf '4821\\n4821\\n' | layerlab trainer add jhorvat "
	    "--name \"Jure Horvat\" --pin-stdin\n"
	    "  layerlab trainer list\n",
	.run = run,
};
