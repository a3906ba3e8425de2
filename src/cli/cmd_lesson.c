/*
 * layerlab lesson run: one lesson without the TUI, answered from a file,
 * against a printer port or the built-in virtual printer, recorded like any
 * attempt.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli.h"
#include "headless.h"
#include "host.h"
#include "lesson.h"
#include "loop.h"
#include "../lesson/profile.h"
#include "records.h"
#include "sim.h"
#include "virtual.h"

/* How long queued safety commands (heaters off) get to reach the printer. */
#define LESSON_DRAIN_MS 5000
/* How long the printer gets to answer the handshake before the lesson
 * starts anyway (its printer calls then wait for the link). */
#define LESSON_CONNECT_MS 10000

struct lesson_opts {
	const char *target;
	struct cli_printer printer;
	const char *learner;
	const char *lang;
	const char *answers;
	bool resume, restart, has_seed;
	uint64_t seed;
};

/* The trainee's emergency stop key, as the TUI's F12 presses it. */
static void
lesson_press_stop(void *data)
{
	host_emergency_stop(cli_link_host(data));
}

/*
 * The virtual printer's reset button: it reboots and says "start" on the
 * open port, as a real board does, and the link comes back through the
 * host's own restart handshake (the port is not reopened).
 */
static int
lesson_press_reset(void *data, char **cause)
{
	(void)cause;
	sim_reset(cli_link_sim(data), clock_ms());
	return 0;
}

/* The virtual printer's faults and switches by name: the trainer
 * screen's fault list, for an answer file's "fault NAME", "hold x_min"
 * and "virtual.fault = temp-swing". */
static int
lesson_play_fault(void *data, const char *name, char **cause)
{
	return sim_inject_name(cli_link_sim(data), name, cause);
}

/* A lesson's fault drill (printer.drill_fault) on the virtual printer. */
static int
lesson_inject_fault(const char *fault, char **cause, void *data)
{
	return sim_inject_name(cli_link_sim(data), fault, cause);
}

static void
lesson_on_signal(int signo, void *data)
{
	(void)signo;
	lesson_run_cancel(data, "interrupted");
}

static int
lesson_learner(struct rec_store *store, const char *id, bool is_default)
{
	struct rec_learner l;
	char *cause = NULL;

	if (rec_learner_get(store, id, &l, NULL) == 0) {
		rec_learner_clear(&l);
		return 0;
	}
	if (!is_default) {
		cli_error("lesson", "no learner '%s' (add one with 'layerlab "
		    "learner add')", id);
		return -1;
	}
	if (rec_learner_add(store, id, "Headless runs", NULL, NULL,
	    &cause) != 0) {
		cli_error("lesson", "%s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* Works out which attempt to continue, per --resume/--restart. */
static int
lesson_pick_attempt(struct rec_store *store, const struct lesson_opts *o,
    const char *learner, const char *module_id, const char *lesson_id,
    int64_t *resume)
{
	struct rec_attempt a;
	bool found = false;
	char *cause = NULL;

	*resume = 0;
	if (rec_attempt_find_resumable(store, learner, lesson_id, &a, &found,
	    &cause) != 0) {
		cli_error("lesson", "%s", cause);
		free(cause);
		return -1;
	}
	if (found && strcmp(a.module_id, module_id) != 0) {
		rec_attempt_clear(&a);
		found = false;
	}
	if (!found) {
		if (o->resume) {
			cli_error("lesson", "learner '%s' has no unfinished "
			    "attempt at %s/%s to resume", learner, module_id,
			    lesson_id);
			return -1;
		}
		return 0;
	}
	if (o->resume)
		*resume = a.id;
	else if (o->restart) {
		if (rec_attempt_finish(store, a.id, REC_ATTEMPT_CANCELLED,
		    &cause) != 0) {
			cli_error("lesson", "%s", cause);
			free(cause);
			rec_attempt_clear(&a);
			return -1;
		}
	} else {
		cli_error("lesson", "learner '%s' has an unfinished attempt "
		    "at %s/%s (step %d): add --resume to continue it or "
		    "--restart to start again", learner, module_id, lesson_id,
		    a.step_index + 1);
		rec_attempt_clear(&a);
		return -1;
	}
	rec_attempt_clear(&a);
	return 0;
}

static int
lesson_parse(int argc, char **argv, const struct cli_config *cfg,
    struct lesson_opts *o)
{
	static const struct option opts[] = {
		CLI_PRINTER_OPTIONS,
		{ "learner", required_argument, NULL, 'L' },
		{ "lang", required_argument, NULL, 'l' },
		{ "answers", required_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ "resume", no_argument, NULL, 'r' },
		{ "restart", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int opt;

	memset(o, 0, sizeof *o);
	cli_printer_init(&o->printer, cfg);
	if (argc < 2 || strcmp(argv[1], "run") != 0) {
		cli_usage_error(&cmd_lesson, argc < 2 ? "missing 'run'" :
		    "unknown subcommand '%s'", argc < 2 ? "" : argv[1]);
		return -1;
	}
	argc--;
	argv++;
	optind = 0;	/* 0: glibc re-initialises after main's own parse */
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (cli_printer_option(&cmd_lesson, &o->printer, opt,
		    optarg)) {
		case 1: continue;
		case -1: return -1;
		}
		switch (opt) {
		case 'L': o->learner = optarg; break;
		case 'l': o->lang = optarg; break;
		case 'a': o->answers = optarg; break;
		case 'r': o->resume = true; break;
		case 'R': o->restart = true; break;
		case 's':
			o->seed = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				cli_usage_error(&cmd_lesson, "--seed: '%s' is "
				    "not a whole number", optarg);
				return -1;
			}
			o->has_seed = true;
			break;
		default:
			cli_bad_option(&cmd_lesson, argv);
			return -1;
		}
	}
	if (optind != argc - 1) {
		cli_usage_error(&cmd_lesson, "expected one MODULE/LESSON");
		return -1;
	}
	o->target = argv[optind];
	if (o->answers == NULL) {
		cli_usage_error(&cmd_lesson, "--answers FILE is required");
		return -1;
	}
	if (o->resume && o->restart) {
		cli_usage_error(&cmd_lesson, "--resume and --restart exclude "
		    "each other");
		return -1;
	}
	if (strchr(o->target, '/') == NULL) {
		cli_usage_error(&cmd_lesson, "'%s': expected MODULE/LESSON",
		    o->target);
		return -1;
	}
	return 0;
}

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	struct lesson_opts o;
	struct lesson_catalogue *cat = NULL;
	const struct lesson_module *mod;
	const struct lesson_entry *entry;
	const char *const *outcomes;
	struct lesson_run_config rc;
	struct lesson_run *lr = NULL;
	struct headless *hl = NULL;
	struct rec_store *store = NULL;
	struct rec_outbox_state box = { 0 };
	struct cli_link *link = NULL;
	struct loop *loop;
	struct host *host;
	char *module_id = NULL, *lesson_id, *cause = NULL, *display = NULL;
	char *failed;
	const char *learner;
	int64_t resume;
	size_t noutcomes = 0;
	int status = EXIT_FAIL;
	uint64_t deadline;

	if (lesson_parse(argc, argv, cfg, &o) != 0)
		return EXIT_USAGE;
	/* The transcript is followed live (a pipe, a log): line by line. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	module_id = xstrdup(o.target);
	lesson_id = strchr(module_id, '/');
	*lesson_id++ = '\0';
	if (str_ends_with(lesson_id, ".lua"))
		lesson_id[strlen(lesson_id) - 4] = '\0';

	if ((cat = lesson_catalogue_load_module((const char *const *)
	    cfg->modules_dirs, cfg->nmodules_dirs, module_id, &cause)) == NULL) {
		cli_error("lesson", "%s", cause);
		goto out;
	}
	if ((mod = lesson_catalogue_module(cat, module_id)) == NULL) {
		cli_error("lesson", "no module '%s'%s%s", module_id,
		    cat->nproblems > 0 ? "; modules that did not load: " : "",
		    cat->nproblems > 0 ? cat->problems[0] : "");
		goto out;
	}
	if ((entry = lesson_module_lesson(mod, lesson_id)) == NULL) {
		cli_error("lesson", "module '%s' has no lesson '%s'", module_id,
		    lesson_id);
		goto out;
	}
	if ((link = cli_link_new(cfg, &o.printer, &cause)) == NULL) {
		cli_error("lesson", "printer: %s", cause);
		goto out;
	}
	loop = cli_link_loop(link);
	host = cli_link_host(link);
	if ((hl = headless_new(o.answers, stdout, loop, &cause)) == NULL) {
		cli_error("lesson", "%s", cause);
		goto out;
	}
	if ((store = cli_records_open_station(cfg, &cause)) == NULL) {
		cli_error("lesson", "%s", cause);
		goto out;
	}
	/* The loop reads Ctrl-C, the emergency stop: a records file another
	 * program holds locked keeps the lesson's writes at the station
	 * meanwhile, and they are written once the lesson has ended. */
	if (rec_outbox_status(store, &box, NULL) == 0 && box.file)
		rec_outbox_background(store);
	learner = o.learner != NULL ? o.learner : "headless";
	if (lesson_learner(store, learner, o.learner == NULL) != 0)
		goto out;
	if (lesson_pick_attempt(store, &o, learner, mod->id, entry->id,
	    &resume) != 0)
		goto out;

	if (cli_link_connect(link, &cause) != 0) {
		cli_error("lesson", "%s", cause);
		goto out;
	}
	headless_set_printer(hl, lesson_press_stop, cli_link_sim(link) !=
	    NULL ? lesson_press_reset : NULL, link);
	headless_set_faults(hl, cli_link_sim(link) != NULL ?
	    lesson_play_fault : NULL);

	/* A lesson's first printer.status() should see the printer, not a
	 * handshake in progress: give the link a moment to come up. */
	deadline = clock_ms() + LESSON_CONNECT_MS;
	for (;;) {
		struct host_status hs;

		host_status(host, &hs);
		if (hs.link == HOST_LINK_READY || clock_ms() >= deadline)
			break;
		loop_run_once(loop, 50);
	}

	if (headless_set_virtual(hl, cli_link_sim(link) != NULL ?
	    lesson_play_fault : NULL, &cause) != 0) {
		cli_error("lesson", "%s", cause);
		goto out;
	}

	outcomes = lesson_module_outcome_ids(mod);
	while (outcomes != NULL && outcomes[noutcomes] != NULL)
		noutcomes++;
	display = xasprintf("%s/%s.lua", mod->id, entry->id);
	memset(&rc, 0, sizeof rc);
	rc.loop = loop;
	rc.host = host;
	rc.store = store;
	rc.path = entry->path;
	rc.display_name = display;
	rc.module_dir = mod->dir;
	rc.module_id = mod->id;
	rc.module_version = mod->version;
	rc.module_hash = mod->hash;
	rc.lesson_id = entry->id;
	rc.outcomes = outcomes;
	rc.noutcomes = noutcomes;
	rc.learner_id = learner;
	rc.station = cfg->station;
	rc.printer_profile = host_profile(host)->id;
	rc.lang = o.lang != NULL ? o.lang : cfg->lang;
	rc.resume_attempt = resume;
	rc.has_seed = o.has_seed;
	rc.seed = o.seed;
	/* The lesson's clock keeps pace with the virtual printer's. */
	if (cli_link_sim(link) != NULL) {
		rc.virtual_printer = true;
		rc.inject_fault = lesson_inject_fault;
		rc.inject_data = link;
		rc.time_scale = o.printer.sim_speed;
		rc.instant_sleep = o.printer.sim_speed == 0;
	}
	rc.gcode_dir = cfg->gcode_dir;
	rc.ops = headless_ops();
	rc.ui_data = hl;
	if ((lr = lesson_run_start(&rc, &cause)) == NULL) {
		cli_error("lesson", "%s", cause);
		goto out;
	}
	loop_signal(loop, SIGINT, lesson_on_signal, lr);
	loop_signal(loop, SIGTERM, lesson_on_signal, lr);
	loop_run(loop);

	/* Let the safety commands (heaters off) reach the printer. */
	deadline = clock_ms() + LESSON_DRAIN_MS;
	while (host_pending(host) > 0 && clock_ms() < deadline)
		loop_run_once(loop, 50);

	headless_report_unused(hl, stderr);
	if (box.file) {
		rec_outbox_drain(store, NULL);
		box.file = false;
	}
	cli_records_outbox_report(store, stderr);
	switch (headless_status(hl)) {
	case LESSON_COMPLETED:
		if ((failed = headless_failed_outcomes(hl)) != NULL) {
			cli_error("lesson", "%s: completed, not passed: %s",
			    o.target, failed);
			free(failed);
		} else
			status = EXIT_OK;
		break;
	case LESSON_CANCELLED:
		cli_error("lesson", "%s: stopped: %s", o.target,
		    headless_message(hl) != NULL ? headless_message(hl) :
		    "cancelled");
		break;
	default:
		cli_error("lesson", "%s: %s: %s", o.target,
		    lesson_status_name(headless_status(hl)),
		    headless_message(hl) != NULL ? headless_message(hl) : "");
		break;
	}
out:
	free(cause);
	lesson_run_free(lr);
	/* The answers' emergency-stop timer lives on the link's loop. */
	headless_free(hl);
	cli_link_free(link);
	if (store != NULL && box.file)
		rec_outbox_drain(store, NULL);	/* a run that ended early */
	if (store != NULL)
		rec_close(store);
	lesson_catalogue_free(cat);
	free(display);
	free(module_id);
	return status;
}

const struct cli_command cmd_lesson = {
	.name = "lesson",
	.summary = "run a lesson headless, answered from a file",
	.usage = "layerlab lesson run MODULE/LESSON --answers FILE "
	    CLI_PRINTER_USAGE " [--learner ID] [--lang TAG] [--seed N] "
	    "[--resume|--restart]",
	.help =
	    "Runs one lesson without the training screen, the way a trainee\n"
	    "would, answering every question, confirmation and trainer sign-off\n"
	    "from FILE, and prints the lesson as a transcript. The attempt and\n"
	    "its results are recorded in the database like any other.\n"
	    "Lesson authors use it to try their lessons; the tests use it to run\n"
	    "every lesson against the virtual printer.\n\n"
	    "Options:\n"
	    "  --answers FILE   one answer per line, 'id = value' (see\n"
	    "                   docs/lesson-api.md, \"Headless runs\")\n"
	    CLI_PRINTER_HELP
	    "  --learner ID     whose attempt it is (default 'headless', created\n"
	    "                   on first use)\n"
	    "  --lang TAG       the lesson's language (default: --lang, the\n"
	    "                   configuration or LANG)\n"
	    "  --seed N         the random seed of a new attempt (question draw)\n"
	    "  --resume         continue the learner's unfinished attempt at its\n"
	    "                   step\n"
	    "  --restart        close the unfinished attempt and start again\n\n"
	    "Exit status: 0 when the lesson completed and every outcome it\n"
	    "checked passed; 1 when it completed with an outcome not passed, on a\n"
	    "lesson error, a printer fault, a missing answer (the message names\n"
	    "the id) or an interruption (Ctrl-C cancels the lesson: heaters off,\n"
	    "the attempt stays open for --resume); 2 on a usage error.\n\n"
	    "Examples:\n"
	    "  layerlab lesson run M1/hazards --answers tests/lessons/M1/hazards.pass\n"
	    "  layerlab --modules ./my-modules lesson run X1/intro --answers a.txt \\\n"
	    "      --port /dev/ttyUSB0 --profile prusa-mk3s --lang sl\n",
	.run = run,
};
