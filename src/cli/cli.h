/*
 * cli: the composition root. main() picks a subcommand; each subcommand file
 * (cmd_*.c) wires the modules it needs. Nothing includes this header but
 * files in src/cli/.
 */
#ifndef LL_CLI_H
#define LL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core.h"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
};

/*
 * The installation's configuration: defaults, then the file
 * $XDG_CONFIG_HOME/layerlab/layerlab.conf (or --config FILE), then the
 * command line. Strings are owned by the config.
 */
struct cli_config {
	char *path;		/* the file read, or NULL */
	char *db;		/* SQLite database */
	char *lang;		/* interface and lesson language */
	char *port;		/* printer port, "virtual" by default */
	char *profile;		/* printer profile id */
	int baud;
	char *modules_dirs[16];	/* shipped modules first, then configured ones */
	int nmodules_dirs;
	char *printers_dir;
	char *keys_dir;		/* the institution's signing key */
	char *station;		/* this workstation's name, stored with attempts */
	char *gcode_dir;	/* trainees' own G-code files (~/layerlab-gcode) */
	double sim_speed;	/* the virtual printer's time scale (1: real) */
	/* The awarding body, for issued credentials. */
	char *institution_name;
	char *institution_url;
	char *institution_country;	/* ISO 3166-1 alpha-2 */
	char *institution_region;
	char *institution_legal_id;	/* business register number (Europass) */
	char *quality_assurance;
	/* Only trainers holding this credential sign off (other modules). */
	char *signoff_requires;
	/* How long a station's copy of the trainers signs them in while the
	 * records server is away (hours; 0: no limit). */
	int records_copy_hours;
	/* The learning record store for records push (lrs.*). */
	char *lrs_url;
	char *lrs_user, *lrs_password;			/* HTTP Basic */
	char *lrs_token_url, *lrs_client_id, *lrs_client_secret; /* OAuth */
	bool hash_learner_name;	/* credential.learner_name = hashed */
};

/* The shipped institution.* values: credentials and xAPI ids made with them
 * could never be changed, so issuing refuses them (cli_institution). */
#define CLI_PLACEHOLDER_INSTITUTION_NAME "layerlab training workshop"
#define CLI_PLACEHOLDER_INSTITUTION_URL "https://example.org/"

struct cli_command {
	const char *name;
	const char *summary;	/* one line for --help */
	const char *usage;	/* "layerlab ports [--json]" */
	const char *help;	/* the full text for "layerlab help NAME" */
	int (*run)(int argc, char **argv, struct cli_config *cfg);
	/* Global option names (without "--") this command defines itself
	 * after its name, with another meaning; NULL-terminated, or NULL. */
	const char *const *own_options;
};

/* Prints "layerlab: <what>: <why>" on stderr. */
void cli_error(const char *what, const char *fmt, ...) LL_PRINTF(2, 3);
/* Prints the usage error and the command's usage line; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    LL_PRINTF(2, 3);
const struct cli_command *cli_find_command(const char *name);
/* Every command, in the order of the help (main.c). */
const struct cli_command *const *cli_commands(size_t *n);
/* The global options' lines of the help. */
extern const char cli_global_options_help[];
/* Where the configuration and the data are, and the environment. */
extern const char cli_files_help[];
/*
 * The manual page layerlab(1) in roff and the bash completion script, made
 * from the same command table and help texts the program prints (doc.c);
 * the build writes both and installs them. EXIT_OK.
 */
int cli_print_man(FILE *f);
int cli_print_bash_completion(FILE *f);

/* Configuration. */
int cli_config_load(struct cli_config *cfg, const char *path, char **cause);
void cli_config_free(struct cli_config *cfg);
void cli_config_add_modules_dir(struct cli_config *cfg, const char *dir);
void cli_config_set(char **slot, const char *value);
/* The shipped data directories (modules/, printers/): next to the source
 * tree in a build, overridable with LAYERLAB_DATA_DIR. */
const char *cli_data_dir(void);

/*
 * The printer options that console, send, print, tui and lesson run share
 * (printer.c). Put CLI_PRINTER_OPTIONS in the command's getopt table and
 * CLI_PRINTER_HELP in its help; hand each option to cli_printer_option.
 */
struct cli_printer {
	const char *port;	/* a device path, or "virtual" */
	const char *profile;	/* NULL: a USB match, else generic-marlin */
	int baud;		/* 0: the profile's */
	double sim_speed;	/* the virtual printer's time scale (1: real) */
	bool port_given;	/* --port was on the command line */
	int send_mode;		/* enum host_send_mode; 0 (auto): the profile's */
};
enum {
	CLI_OPT_PORT = 0x1000,
	CLI_OPT_PROFILE,
	CLI_OPT_BAUD,
	CLI_OPT_SIM_SPEED,
};
#define CLI_PRINTER_OPTIONS \
	{ "port", required_argument, NULL, CLI_OPT_PORT }, \
	{ "profile", required_argument, NULL, CLI_OPT_PROFILE }, \
	{ "baud", required_argument, NULL, CLI_OPT_BAUD }, \
	{ "sim-speed", required_argument, NULL, CLI_OPT_SIM_SPEED }
#define CLI_PRINTER_HELP \
"  --port PATH      the printer's port: /dev/ttyUSB0, /dev/ttyACM0, a\n" \
"                   /dev/serial/by-id/ name, a pty, or 'virtual' for the\n" \
"                   built-in virtual printer (default: the configuration's\n" \
"                   port, else virtual)\n" \
"  --profile ID     printer profile from printers/ (default: the\n" \
"                   configuration's, else the one matching the USB ids,\n" \
"                   else generic-marlin; 'virtual' for the virtual printer)\n" \
"  --baud N         line speed, e.g. 115200 or 250000 (default: the\n" \
"                   configuration's, else the profile's)\n" \
"  --sim-speed X    the virtual printer's time scale: 1 real time, 10 ten\n" \
"                   times faster, 0 instant (default: the configuration's\n" \
"                   sim_speed, else 1)\n"
#define CLI_PRINTER_USAGE \
    "[--port PATH|virtual] [--profile ID] [--baud N] [--sim-speed X]"

void cli_printer_init(struct cli_printer *p, const struct cli_config *cfg);
/*
 * Takes opt (a getopt_long result) when it is one of CLI_PRINTER_OPTIONS:
 * 1 when taken, 0 when it is not a printer option, -1 after printing a
 * usage error (return EXIT_USAGE then).
 */
int cli_printer_option(const struct cli_command *cmd, struct cli_printer *p,
    int opt, const char *arg);
/*
 * The whole option loop of a command whose options are the printer's and
 * --help (console, send): -1 when the command goes on (optind is at
 * its first operand), otherwise the exit code (--help printed, or a usage
 * error).
 */
int cli_printer_parse(const struct cli_command *cmd, struct cli_printer *p,
    int argc, char **argv, const char *help);
/* The same with switches of the command's own (--plain): each sets *on. */
struct cli_switch {
	const char *name;
	bool *on;
};
int cli_printer_parse_switches(const struct cli_command *cmd,
    struct cli_printer *p, int argc, char **argv, const char *help,
    const struct cli_switch *switches, size_t nswitches);

/*
 * A printer link made from those options. cli_link_new loads the profile
 * and makes the loop and the host; cli_link_connect starts the virtual
 * printer for "virtual" and opens the port; cli_link_open does both.
 */
struct cli_link;
struct host;
struct sim;
struct loop;
struct cli_link *cli_link_new(const struct cli_config *cfg,
    const struct cli_printer *p, char **cause);
int cli_link_connect(struct cli_link *l, char **cause);
struct cli_link *cli_link_open(const struct cli_config *cfg,
    const struct cli_printer *p, char **cause);
/* Runs the loop until the handshake is done; -1 with cause otherwise. */
int cli_link_wait_ready(struct cli_link *l, char **cause);
struct host *cli_link_host(struct cli_link *l);
/* Resets the printer (the virtual one reboots) and connects again. */
int cli_link_reset(struct cli_link *l, char **cause);
/* The in-process virtual printer, or NULL on a real port. */
struct sim *cli_link_sim(struct cli_link *l);
struct loop *cli_link_loop(struct cli_link *l);
void cli_link_free(struct cli_link *l);

/*
 * Issues credential def_id to learner_id (cmd_credential.c): refuses,
 * naming the outcomes still missing, unless every one has a passing
 * result; writes the signed credential to out (and a certificate to html
 * and/or pdf when not NULL) and records it. With cause_out NULL it reports
 * on stdout/stderr like the command; otherwise it prints nothing and a
 * failure's message goes to *cause_out. EXIT_OK or EXIT_FAIL.
 */
int cli_credential_issue(const struct cli_config *cfg, const char *learner_id,
    const char *def_id, const char *out, const char *html, const char *pdf,
    const char *lang, char **cause_out);

/*
 * GET of a document the institution publishes (http.c, libcurl): at most
 * max bytes, NUL-terminated (*len excludes the NUL); NULL with cause on a
 * network error, a status other than 200 or a larger body.
 */
bool cli_is_http_url(const char *s);
char *cli_http_get(const char *url, size_t max, size_t *len, char **cause);

/*
 * The awarding body from the configuration (strings borrowed from cfg);
 * -1 with cause while institution.name or institution.url are still the
 * placeholders layerlab ships (cmd_credential.c).
 */
struct cred_institution;
int cli_institution(const struct cli_config *cfg,
    struct cred_institution *inst, char **cause);

/*
 * Shared by the record-keeping subcommands (records_common.c). A
 * subcommand's argv[0] is its own name ("add", "list").
 */
struct option;
struct rec_store;
/* Opens cfg->db; NULL after "layerlab: <what>: <why>" on stderr. */
/*
 * Opens cfg->db for a station that runs lessons: with a records server, the
 * lesson's writes go through the station's outbox ($XDG_DATA_HOME/layerlab/
 * outbox.db) and survive the server being away.
 */
struct rec_store *cli_records_open_station(const struct cli_config *cfg,
    char **cause);
/* The Moodle competency framework CSV (records_moodle.c). */
char *records_moodle(const struct cli_config *cfg, char **cause);
/* layerlab records merge and push (records_sync.c). */
int records_merge(int argc, char **argv, struct cli_config *cfg);
int records_push(int argc, char **argv, struct cli_config *cfg);
int records_parse_date(const char *text, int64_t *out);
/* The xAPI statements of these results and attempts (cmd_records.c). */
struct rec_result;
struct rec_attempt;
char *records_xapi(const struct cli_config *cfg, const struct rec_result *r,
    size_t nr, const struct rec_attempt *a, size_t na, char **cause);
/* Says plainly what waits in the outbox, if anything. */
void cli_records_outbox_report(struct rec_store *s, FILE *out);
struct rec_store *cli_records_open(const struct cli_config *cfg,
    const char *what);
/* getopt_long without getopt's own messages; set optind = 0 first. */
int cli_getopt(int argc, char **argv, const struct option *opts);
/* "<subcommand>: unknown option 'X'" for the option just refused. */
int cli_bad_option(const struct cli_command *cmd, char **argv);
/* "<subcommand>: unexpected 'X'" for argv[optind]. */
int cli_unexpected(const struct cli_command *cmd, char **argv);
/* Prints text (a JSON document the records composed) and frees it. */
int cli_print_text(char *text);
/* Pads text (NULL: "-") to a display width, so any script lines up. */
void cli_cell(const char *text, int width);
/* The larger of width and text's display width. */
int cli_cell_width(const char *text, int width);

struct cli_subcommand {
	const char *name;
	int (*run)(int argc, char **argv, struct cli_config *cfg);
};
/*
 * Runs the subcommand argv[1] names with the arguments from there on; a
 * missing or unknown one is a usage error listing the choices.
 */
int cli_run_subcommand(const struct cli_command *cmd,
    const struct cli_subcommand *subs, size_t nsubs, int argc, char **argv,
    struct cli_config *cfg);

/* Subcommands, one file each. */
extern const struct cli_command cmd_ports, cmd_send, cmd_console, cmd_print,
    cmd_sim, cmd_modules, cmd_lint, cmd_lesson, cmd_learner, cmd_group,
    cmd_trainer, cmd_progress, cmd_records, cmd_keys, cmd_credential,
    cmd_tui, cmd_gcode, cmd_i18n;

#endif
