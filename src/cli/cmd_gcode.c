/*
 * layerlab gcode: look into a G-code file without a printer. stats (what
 * it does and how long it takes), check (what would not print on a given
 * printer, as FILE:LINE: problem) and view (a layer drawn in the terminal).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "precheck.h"
#include "check.h"
#include "preview.h"
#include "stats.h"
#include "../lesson/profile.h"

static const char gcode_help[] =
"Looks into a G-code file from any slicer (PrusaSlicer, SuperSlicer,\n"
"OrcaSlicer, Cura, Simplify3D, ideaMaker), reading it as a stream: any\n"
"size works and memory stays the same.\n"
"\n"
"  layerlab gcode stats FILE [--json] [--profile ID]\n"
"      Lines, commands, layers and layer heights, where it prints and\n"
"      travels, filament length and mass, temperatures, fan, retractions,\n"
"      distances and the estimated print time from a model of the\n"
"      firmware's motion planner (acceleration, jerk or junction deviation,\n"
"      look-ahead), next to the slicer's own estimate when the file has\n"
"      one. Motion limits: the file's M201/M203/M204/M205 as they come,\n"
"      over the limits the slicer wrote in its settings, over Marlin's\n"
"      stock values. Heating waits are estimated apart from the print time\n"
"      (slicers leave them out too).\n"
"\n"
"  layerlab gcode check FILE [--profile ID]\n"
"      What would not print on that printer, one problem a line as\n"
"      FILE:LINE: problem: moves outside the axes (after homing, following\n"
"      G92 and relative moves), nozzle or bed temperatures above the\n"
"      profile's limits, extrusion before the nozzle is hot (M109 to the\n"
"      profile's min_extrude), moves before homing, a filament diameter or\n"
"      nozzle size that does not match, binary G-code (.bgcode), Prusa\n"
"      M862 checks naming another printer, a slicer printer name that\n"
"      names another machine, and lines the printer link would refuse to\n"
"      send (a parameter given twice, a slicer placeholder left unfilled).\n"
"      Ten lines are listed per kind of problem, the rest counted. print,\n"
"      the training screen and lessons run the same check before anything\n"
"      is sent.\n"
"\n"
"  layerlab gcode view FILE [--layer N] [--width W] [--blocks]\n"
"                 [--no-travel] [--profile ID]\n"
"      Draws layer N (1 = the first, the default; -1 = the last) from above\n"
"      in Braille dots (or half blocks with --blocks), W columns wide (60),\n"
"      inside the outline of the profile's bed (without a profile, of the\n"
"      layer itself). Cells the head only travels through show '·'.\n"
"\n"
"Options:\n"
"  --profile ID   the printer (printers/ID.lua); default: the\n"
"                 configuration's profile, else generic values\n"
"  --json         one JSON object: estimated_time_s, slicer_time_s (when\n"
"                 the file has one), and every figure above\n"
"\n"
"Exit status: 0 success (check: no problem), 1 problems found or a file\n"
"that cannot be read, 2 usage error.\n"
"\n"
"Examples:\n"
"  layerlab gcode stats tests/data/tab_ender3_0.20mm.gcode\n"
"  layerlab gcode stats --json --profile prusa-mk3s part.gcode\n"
"  layerlab gcode check --profile creality-ender3-v2 part.gcode\n"
"  layerlab gcode view --layer 50 --width 80 part.gcode\n";

const struct cli_command cmd_gcode;

/* A JSON string literal; control bytes and quotes escaped. */
static void
json_str(struct buf *b, const char *s)
{
	buf_append_str(b, "\"");
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_appendf(b, "\\%c", c);
		else if (c < 0x20)
			buf_appendf(b, "\\u%04x", c);
		else
			buf_append(b, s, 1);
	}
	buf_append_str(b, "\"");
}

static void
json_num(struct buf *b, double v)
{
	if (!isfinite(v))
		buf_append_str(b, "null");
	else if (v == floor(v) && fabs(v) < 1e15)
		buf_appendf(b, "%.0f", v);
	else
		buf_appendf(b, "%.6g", v);
}

static void
json_key_num(struct buf *b, const char *key, double v, bool comma)
{
	buf_appendf(b, "%s\"%s\": ", comma ? ", " : "", key);
	json_num(b, v);
}

static void
json_box(struct buf *b, const char *key, bool has, const double *mn,
    const double *mx)
{
	buf_appendf(b, ", \"%s\": ", key);
	if (!has) {
		buf_append_str(b, "null");
		return;
	}
	buf_append_str(b, "{\"min\": [");
	for (int i = 0; i < 3; i++) {
		if (i > 0)
			buf_append_str(b, ", ");
		json_num(b, round(mn[i] * 1000) / 1000);
	}
	buf_append_str(b, "], \"max\": [");
	for (int i = 0; i < 3; i++) {
		if (i > 0)
			buf_append_str(b, ", ");
		json_num(b, round(mx[i] * 1000) / 1000);
	}
	buf_append_str(b, "]}");
}

static void
json_list(struct buf *b, const char *key, const double *v, int n)
{
	buf_appendf(b, ", \"%s\": [", key);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			buf_append_str(b, ", ");
		json_num(b, v[i]);
	}
	buf_append_str(b, "]");
}

static double
r3(double v)
{
	return round(v * 1000) / 1000;
}

static void
stats_json(const char *file, const struct gcode_stats *s)
{
	struct buf b;

	buf_init(&b);
	buf_append_str(&b, "{\"file\": ");
	json_str(&b, file);
	json_key_num(&b, "bytes", (double)s->bytes, true);
	json_key_num(&b, "lines", s->lines, true);
	json_key_num(&b, "commands", s->commands, true);
	json_key_num(&b, "moves", s->moves, true);
	json_key_num(&b, "extruding_moves", s->extruding_moves, true);
	json_key_num(&b, "travel_moves", s->travel_moves, true);
	buf_append_str(&b, ", \"slicer\": ");
	json_str(&b, s->slicer);
	buf_append_str(&b, ", \"printer\": ");
	json_str(&b, s->printer);
	buf_append_str(&b, ", \"flavour\": ");
	json_str(&b, s->flavour);
	json_key_num(&b, "layers", s->layers, true);
	buf_append_str(&b, ", \"layer_heights\": [");
	for (int i = 0; i < s->nheights; i++) {
		buf_appendf(&b, "%s{\"height_mm\": ", i > 0 ? ", " : "");
		json_num(&b, s->heights[i].height);
		json_key_num(&b, "layers", s->heights[i].layers, true);
		buf_append_str(&b, "}");
	}
	buf_append_str(&b, "]");
	json_key_num(&b, "first_layer_height_mm", r3(s->first_layer_height),
	    true);
	json_key_num(&b, "max_z_mm", r3(s->max_z), true);
	json_box(&b, "print_box_mm", s->has_print, s->print_min, s->print_max);
	json_box(&b, "travel_box_mm", s->has_travel, s->travel_min,
	    s->travel_max);
	json_key_num(&b, "filament_mm", r3(s->filament_mm), true);
	json_key_num(&b, "filament_mm3", r3(s->filament_volume_mm3), true);
	json_key_num(&b, "filament_g", r3(s->filament_g), true);
	json_key_num(&b, "density_g_cm3", s->density, true);
	buf_append_str(&b, ", \"density_from\": ");
	json_str(&b, s->density_from);
	json_key_num(&b, "filament_diameter_mm", s->filament_diameter, true);
	if (s->slicer_filament_mm >= 0)
		json_key_num(&b, "slicer_filament_mm", s->slicer_filament_mm,
		    true);
	json_list(&b, "nozzle_temps_c", s->nozzle_temps, s->nnozzle_temps);
	json_list(&b, "bed_temps_c", s->bed_temps, s->nbed_temps);
	json_key_num(&b, "fan_commands", s->fan_commands, true);
	json_key_num(&b, "fan_max_percent", round(s->fan_max / 255 * 1000) / 10,
	    true);
	json_key_num(&b, "retractions", s->retractions, true);
	json_key_num(&b, "retracted_mm", r3(s->retracted_mm), true);
	json_key_num(&b, "firmware_retractions", s->firmware_retractions, true);
	json_key_num(&b, "extrude_distance_mm", r3(s->extrude_distance), true);
	json_key_num(&b, "travel_distance_mm", r3(s->travel_distance), true);
	json_key_num(&b, "estimated_time_s", round(s->estimated_s * 10) / 10,
	    true);
	json_key_num(&b, "dwell_s", r3(s->dwell_s), true);
	json_key_num(&b, "heating_time_s", round(s->heating_s * 10) / 10, true);
	buf_append_str(&b, ", \"limits_from\": ");
	json_str(&b, s->limits_from);
	if (s->slicer_s >= 0) {
		json_key_num(&b, "slicer_time_s", s->slicer_s, true);
		buf_append_str(&b, ", \"slicer_time_from\": ");
		json_str(&b, s->slicer_s_from != NULL ? s->slicer_s_from : "");
		json_key_num(&b, "slicer_basis_time_s",
		    round(s->slicer_basis_s * 10) / 10, true);
		json_key_num(&b, "estimate_error_percent",
		    round((s->slicer_basis_s / s->slicer_s - 1) * 1000) / 10,
		    true);
	}
	if (s->slicer_silent_s >= 0)
		json_key_num(&b, "slicer_silent_time_s", s->slicer_silent_s,
		    true);
	buf_append_str(&b, "}\n");
	fputs(b.data, stdout);
	buf_free(&b);
}

static void
temps_text(char *out, size_t outsz, const double *t, int n)
{
	size_t len = 0;

	out[0] = '\0';
	if (n == 0)
		snprintf(out, outsz, "none set");
	for (int i = 0; i < n && len + 16 < outsz; i++)
		len += (size_t)snprintf(out + len, outsz - len, "%s%.0f °C",
		    i > 0 ? ", " : "", t[i]);
}

static void
stats_text(const char *file, const struct gcode_stats *s)
{
	char a[64], b[64], t[160];

	printf("%s\n", file);
	if (s->slicer[0] != '\0')
		printf("  slicer           %s%s%s\n", s->slicer,
		    s->printer[0] ? ", for " : "", s->printer);
	printf("  size             %llu bytes, %ld lines, %ld commands\n",
	    (unsigned long long)s->bytes, s->lines, s->commands);
	printf("  layers           %d", s->layers);
	if (s->nheights > 0) {
		printf(" (");
		for (int i = 0; i < s->nheights; i++)
			printf("%s%d × %.3g mm", i > 0 ? ", " : "",
			    s->heights[i].layers, s->heights[i].height);
		printf("), first %.3g mm, top at Z %.2f", s->first_layer_height,
		    s->max_z);
	}
	printf("\n");
	if (s->has_print)
		printf("  prints within    X %.2f..%.2f  Y %.2f..%.2f  Z %.2f..%.2f "
		    "mm\n", s->print_min[0], s->print_max[0], s->print_min[1],
		    s->print_max[1], s->print_min[2], s->print_max[2]);
	if (s->has_travel)
		printf("  moves within     X %.2f..%.2f  Y %.2f..%.2f  Z %.2f..%.2f "
		    "mm\n", s->travel_min[0], s->travel_max[0], s->travel_min[1],
		    s->travel_max[1], s->travel_min[2], s->travel_max[2]);
	printf("  filament         %.1f mm, %.2f cm³, %.2f g (%.2f g/cm³ from "
	    "the %s)", s->filament_mm, s->filament_volume_mm3 / 1000,
	    s->filament_g, s->density, s->density_from);
	if (s->slicer_filament_mm >= 0)
		printf("; slicer: %.1f mm", s->slicer_filament_mm);
	printf("\n");
	temps_text(t, sizeof t, s->nozzle_temps, s->nnozzle_temps);
	printf("  nozzle           %s\n", t);
	temps_text(t, sizeof t, s->bed_temps, s->nbed_temps);
	printf("  bed              %s\n", t);
	if (s->fan_commands > 0)
		printf("  fan              %ld commands, up to %.0f %%\n",
		    s->fan_commands, s->fan_max / 255 * 100);
	else
		printf("  fan              not used\n");
	printf("  retractions      %ld (%.1f mm)", s->retractions,
	    s->retracted_mm);
	if (s->firmware_retractions > 0)
		printf(", %ld firmware (G10)", s->firmware_retractions);
	printf("\n");
	printf("  distance         %.1f m extruding, %.1f m travel\n",
	    s->extrude_distance / 1000, s->travel_distance / 1000);
	gcode_format_duration(a, sizeof a, s->estimated_s);
	printf("  print time       %s (estimate; motion limits from the %s)\n",
	    a, s->limits_from);
	if (s->slicer_s >= 0) {
		gcode_format_duration(b, sizeof b, s->slicer_s);
		printf("  slicer's figure  %s (%s), estimate %+.1f %%%s\n", b,
		    s->slicer_s_from != NULL ? s->slicer_s_from : "",
		    (s->slicer_basis_s / s->slicer_s - 1) * 100,
		    s->slicer_basis_s != s->estimated_s ?
		    " (without the G4 pauses this slicer leaves out)" : "");
	}
	gcode_format_duration(a, sizeof a, s->heating_s);
	printf("  heating waits    about %s more\n", a);
}

/* The machine for --profile ID, the configured profile, or defaults. */
static int
load_machine(const struct cli_config *cfg, const char *profile_id,
    struct gcode_machine *m, struct host_profile *keep)
{
	struct host_profile p;
	char *cause = NULL;

	gcode_machine_default(m);
	if (profile_id == NULL)
		profile_id = cfg->profile;
	if (profile_id == NULL || *profile_id == '\0')
		return 0;
	if (lesson_profile_load(cfg->printers_dir, profile_id, &p,
	    &cause) != 0) {
		cli_error("gcode", "%s", cause);
		free(cause);
		return -1;
	}
	host_profile_machine(&p, m);
	if (keep != NULL)
		*keep = p;
	else
		host_profile_free(&p);
	return 0;
}

/* Every subcommand's failure with a cause: printed once, then freed. */
static int
gcode_fail(char *cause)
{
	cli_error("gcode", "%s", cause);
	free(cause);
	return EXIT_FAIL;
}

/*
 * The options the subcommands share (--profile, --help) and their one FILE.
 * A subcommand's own options go to own (0: taken, else the exit status of
 * its usage error); opts lists them with the shared ones. -1 to go on,
 * else the exit status to return at once.
 */
struct gcode_args {
	const char *profile_id;
	const char *file;
};

static int
gcode_args_parse(int argc, char **argv, const char *sub, const struct option *opts,
    int (*own)(int opt, const char *arg, void *ctx), void *ctx,
    struct gcode_args *a)
{
	int opt, rc;

	memset(a, 0, sizeof *a);
	optind = 0;
	while ((opt = cli_getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'P':
			a->profile_id = optarg;
			break;
		case 'h':
			printf("usage: %s\n\n%s", cmd_gcode.usage, gcode_help);
			return EXIT_OK;
		case '?':
			return cli_bad_option(&cmd_gcode, argv);
		default:
			if (own == NULL)
				return cli_bad_option(&cmd_gcode, argv);
			if ((rc = own(opt, optarg, ctx)) != 0)
				return rc;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_gcode, "%s: %s", sub,
		    optind >= argc ? "which file?" : "one file at a time");
	a->file = argv[optind];
	return -1;
}

#define GCODE_SHARED_OPTIONS \
	{ "profile", required_argument, NULL, 'P' }, \
	{ "help", no_argument, NULL, 'h' }

static int
stats_option(int opt, const char *arg, void *ctx)
{
	(void)arg;
	if (opt != 'j')
		return cli_usage_error(&cmd_gcode, "stats: unknown option");
	*(bool *)ctx = true;
	return 0;
}

static int
run_stats(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		GCODE_SHARED_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct gcode_args a;
	bool json = false;
	struct gcode_machine m;
	struct gcode_stats s;
	char *cause = NULL;
	int rc;

	if ((rc = gcode_args_parse(argc, argv, "stats", opts, stats_option, &json,
	    &a)) != -1)
		return rc;
	if (load_machine(cfg, a.profile_id, &m, NULL) != 0)
		return EXIT_FAIL;
	if (gcode_stats_file(a.file, &m, &s, NULL, &cause) != 0)
		return gcode_fail(cause);
	if (json)
		stats_json(a.file, &s);
	else
		stats_text(a.file, &s);
	return EXIT_OK;
}

static int
run_check(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		GCODE_SHARED_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct gcode_args a;
	struct gcode_machine m;
	struct gcode_check *c;
	char *cause = NULL;
	int rc;

	if ((rc = gcode_args_parse(argc, argv, "check", opts, NULL, NULL, &a)) != -1)
		return rc;
	if (a.profile_id == NULL && (cfg->profile == NULL ||
	    *cfg->profile == '\0'))
		return cli_usage_error(&cmd_gcode, "check: which printer? "
		    "(--profile ID)");
	if (load_machine(cfg, a.profile_id, &m, NULL) != 0)
		return EXIT_FAIL;
	if ((c = gcode_check_open(a.file, &m, &cause)) == NULL)
		return gcode_fail(cause);
	while ((rc = gcode_check_step(c, 1 << 20, &cause)) == 1)
		;
	if (rc == -1) {
		gcode_check_free(c);
		return gcode_fail(cause);
	}
	fputs(gcode_check_report(c), stdout);
	if (gcode_check_problems(c) == 0)
		printf("%s: no problems for %s\n", a.file, m.name);
	rc = gcode_check_problems(c) == 0 ? EXIT_OK : EXIT_FAIL;
	gcode_check_free(c);
	return rc;
}

struct view_opts {
	struct gcode_preview_opts po;
	long layer;
};

static int
view_option(int opt, const char *arg, void *ctx)
{
	struct view_opts *v = ctx;
	char *end;

	switch (opt) {
	case 'l':
		v->layer = strtol(arg, &end, 10);
		if (*end != '\0' || *arg == '\0' || v->layer == 0)
			return cli_usage_error(&cmd_gcode, "view: --layer: '%s' "
			    "is not a layer number (1, 2, ... or -1 for the "
			    "last)", arg);
		return 0;
	case 'w':
		v->po.width = (int)strtol(arg, &end, 10);
		if (*end != '\0' || v->po.width < 8 || v->po.width > 400)
			return cli_usage_error(&cmd_gcode, "view: --width: '%s' "
			    "is not a width (8 to 400 columns)", arg);
		return 0;
	case 'b':
		v->po.style = GCODE_PREVIEW_BLOCKS;
		return 0;
	case 't':
		v->po.travel = false;
		return 0;
	}
	return cli_usage_error(&cmd_gcode, "view: unknown option");
}

static int
run_view(int argc, char **argv, struct cli_config *cfg)
{
	static const struct option opts[] = {
		{ "layer", required_argument, NULL, 'l' },
		{ "width", required_argument, NULL, 'w' },
		{ "blocks", no_argument, NULL, 'b' },
		{ "no-travel", no_argument, NULL, 't' },
		GCODE_SHARED_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct view_opts v = { { 60, GCODE_PREVIEW_BRAILLE, true }, 1 };
	struct gcode_args a;
	struct gcode_layer_index ix;
	struct gcode_machine m;
	const struct gcode_layer_mark *mk;
	char *cause = NULL, *text;
	long layer;
	int rc;

	if ((rc = gcode_args_parse(argc, argv, "view", opts, view_option, &v,
	    &a)) != -1)
		return rc;
	layer = v.layer;
	if (load_machine(cfg, a.profile_id, &m, NULL) != 0)
		return EXIT_FAIL;
	if (gcode_layer_index_build(a.file, &m, &ix, &cause) != 0)
		return gcode_fail(cause);
	if (layer < 0)
		layer = ix.n + 1 + layer;
	if (layer < 1 || layer > ix.n) {
		cli_error("gcode", "%s: no layer %ld (the file has %d)",
		    a.file, layer, ix.n);
		gcode_layer_index_free(&ix);
		return EXIT_FAIL;
	}
	text = gcode_preview_layer(a.file, &ix, (int)layer - 1, &m, &v.po,
	    &cause);
	if (text == NULL) {
		gcode_layer_index_free(&ix);
		return gcode_fail(cause);
	}
	mk = &ix.marks[layer - 1];
	printf("%s: layer %ld of %d, Z %.2f mm (%.2f mm high), line %ld\n",
	    a.file, layer, ix.n, mk->z, mk->height, mk->lineno);
	fputs(text, stdout);
	free(text);
	gcode_layer_index_free(&ix);
	return EXIT_OK;
}

static const struct cli_subcommand gcode_subs[] = {
	{ "view", run_view },
	{ "stats", run_stats },
	{ "check", run_check },
};

static int
run(int argc, char **argv, struct cli_config *cfg)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: %s\n\n%s", cmd_gcode.usage, gcode_help);
		return EXIT_OK;
	}
	return cli_run_subcommand(&cmd_gcode, gcode_subs,
	    LL_ARRAY_LEN(gcode_subs), argc, argv, cfg);
}

const struct cli_command cmd_gcode = {
	.name = "gcode",
	.summary = "statistics, time estimate, check and preview of a G-code file",
	.usage = "layerlab gcode stats FILE [--json] [--profile ID] | "
	    "check FILE [--profile ID] | view FILE [--layer N] [--width W] "
	    "[--blocks] [--no-travel] [--profile ID]",
	.help = gcode_help,
	.run = run,
};
