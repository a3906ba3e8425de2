#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "credential.h"
#include "i18n.h"

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * A build names its source tree in a file beside the binary (written by
 * src/cli/CMakeLists.txt, never installed), so the binary itself holds no
 * build path and a copied or installed one looks in XDG_DATA_DIRS.
 */
static char *
build_tree_data_dir(void)
{
	char exe[PATH_MAX], *slash, *marker, *text;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	size_t len;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
	marker = xasprintf("%s/layerlab-source-dir", exe);
	text = file_read_all(marker, &len, NULL);
	free(marker);
	if (text == NULL)
		return NULL;
	str_trim(text);
	if (text[0] != '/' || !is_dir(text)) {
		free(text);
		return NULL;
	}
	return text;
}

/* The first DIR/layerlab of XDG_DATA_DIRS (default /usr/local/share and
 * /usr/share) that exists; relative entries are ignored, as the spec says. */
static char *
xdg_shipped_data_dir(void)
{
	const char *dirs = getenv("XDG_DATA_DIRS"), *dir, *end;

	if (dirs == NULL || *dirs == '\0')
		dirs = "/usr/local/share:/usr/share";
	for (dir = dirs; dir != NULL; dir = *end != '\0' ? end + 1 : NULL) {
		char *path;

		end = dir + strcspn(dir, ":");
		if (dir[0] != '/')
			continue;
		path = xasprintf("%.*s/layerlab", (int)(end - dir), dir);
		if (is_dir(path))
			return path;
		free(path);
	}
	return NULL;
}

const char *
cli_data_dir(void)
{
	static char *dir;
	static bool looked;
	const char *env = getenv("LAYERLAB_DATA_DIR");

	if (env != NULL && *env != '\0')
		return env;
	if (!looked) {
		looked = true;
		if ((dir = build_tree_data_dir()) == NULL)
			dir = xdg_shipped_data_dir();
	}
	return dir;
}

void
cli_config_set(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

void
cli_config_add_modules_dir(struct cli_config *cfg, const char *dir)
{
	if (cfg->nmodules_dirs < (int)LL_ARRAY_LEN(cfg->modules_dirs))
		cfg->modules_dirs[cfg->nmodules_dirs++] = xstrdup(dir);
}

/*
 * Modules: the shipped ones, then the user's ($XDG_DATA_HOME/layerlab/
 * modules), then the configured ones. Printer profiles are a search path
 * the other way round: configured directories, the user's, the shipped
 * ones, so a school's profile of the same id is the one used.
 */
static void
cli_config_data_dirs(struct cli_config *cfg)
{
	const char *shipped = cli_data_dir();
	char *user = paths_data_dir(), *dir;
	struct buf path;

	if (shipped != NULL) {
		dir = xasprintf("%s/modules", shipped);
		cli_config_add_modules_dir(cfg, dir);
		free(dir);
	}
	dir = xasprintf("%s/modules", user);
	if (is_dir(dir))
		cli_config_add_modules_dir(cfg, dir);
	free(dir);
	buf_init(&path);
	dir = xasprintf("%s/printers", user);
	if (is_dir(dir))
		buf_appendf(&path, "%s", dir);
	free(dir);
	if (shipped != NULL)
		buf_appendf(&path, "%s%s/printers", path.len > 0 ? ":" : "",
		    shipped);
	cfg->printers_dir = buf_detach(&path);
	free(user);
}

/* "sl_SI.UTF-8" -> "sl"; "sr_RS@latin" -> "sr-Latn"; "C" -> "en". */
static char *
lang_from_locale(const char *locale)
{
	char tag[16];
	size_t n = 0;

	if (locale == NULL || *locale == '\0' || strcmp(locale, "C") == 0 ||
	    str_starts_with(locale, "C.") || strcmp(locale, "POSIX") == 0)
		return xstrdup("en");
	while (locale[n] != '\0' && isalpha((unsigned char)locale[n]) &&
	    n < 3) {
		tag[n] = (char)tolower((unsigned char)locale[n]);
		n++;
	}
	tag[n] = '\0';
	if (n < 2)
		return xstrdup("en");
	if (strcmp(tag, "sr") == 0)
		return xstrdup(strstr(locale, "@latin") != NULL ? "sr-Latn" :
		    "sr-Cyrl");
	return xstrdup(tag);
}

static bool
lang_known(const char *tag)
{
	const char *const *langs = i18n_languages();

	for (int i = 0; langs != NULL && langs[i] != NULL; i++) {
		if (strcmp(langs[i], tag) == 0)
			return true;
	}
	return false;
}

/* The tags i18n knows, for a message: "en, sl, hr, ...". */
static char *
lang_list(void)
{
	const char *const *langs = i18n_languages();
	struct buf b;

	buf_init(&b);
	for (int i = 0; langs != NULL && langs[i] != NULL; i++)
		buf_appendf(&b, "%s%s", i > 0 ? ", " : "", langs[i]);
	return buf_detach(&b);
}

static bool
number_in(const char *value, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	if (*value == '\0' || *end != '\0' || errno != 0 || !isfinite(v) ||
	    v < min || v > max)
		return false;
	*out = v;
	return true;
}

/*
 * Applies one setting. NULL when taken; otherwise what was expected, as a
 * message for "FILE:LINE: KEY: <message>" (allocated).
 */
static char *
config_apply(struct cli_config *cfg, const char *key, const char *value)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "db", offsetof(struct cli_config, db) },
		{ "port", offsetof(struct cli_config, port) },
		{ "profile", offsetof(struct cli_config, profile) },
		{ "keys", offsetof(struct cli_config, keys_dir) },
		{ "station", offsetof(struct cli_config, station) },
		{ "gcode_dir", offsetof(struct cli_config, gcode_dir) },
		{ "institution.name", offsetof(struct cli_config, institution_name) },
		{ "institution.region", offsetof(struct cli_config, institution_region) },
		{ "institution.legal_id", offsetof(struct cli_config, institution_legal_id) },
		{ "quality_assurance", offsetof(struct cli_config, quality_assurance) },
		{ "signoff_requires", offsetof(struct cli_config, signoff_requires) },
		{ "lrs.url", offsetof(struct cli_config, lrs_url) },
		{ "lrs.user", offsetof(struct cli_config, lrs_user) },
		{ "lrs.password", offsetof(struct cli_config, lrs_password) },
		{ "lrs.token_url", offsetof(struct cli_config, lrs_token_url) },
		{ "lrs.client_id", offsetof(struct cli_config, lrs_client_id) },
		{ "lrs.client_secret", offsetof(struct cli_config, lrs_client_secret) },
	};
	double v;

	if (*value == '\0')
		return xstrdup("expected a value after '='");
	if (strcmp(key, "lang") == 0) {
		if (!lang_known(value)) {
			char *list = lang_list(), *why;

			why = xasprintf("'%s' is not a language layerlab has "
			    "(one of %s)", value, list);
			free(list);
			return why;
		}
		cli_config_set(&cfg->lang, value);
		return NULL;
	}
	if (strcmp(key, "institution.country") == 0) {
		char *why = NULL;

		if (cred_country_check(value, &why) != 0)
			return why;
		cli_config_set(&cfg->institution_country, value);
		return NULL;
	}
	if (strcmp(key, "institution.url") == 0) {
		if (!str_starts_with(value, "https://") &&
		    !str_starts_with(value, "http://"))
			return xasprintf("'%s' is not a web address (https://...)",
			    value);
		cli_config_set(&cfg->institution_url, value);
		return NULL;
	}
	if (strcmp(key, "printers") == 0 || strcmp(key, "modules") == 0) {
		char *path;

		if (strchr(value, ':') != NULL || !is_dir(value))
			return xasprintf("'%s' is not a directory%s", value,
			    strchr(value, ':') != NULL ? " (one per line, no ':')" :
			    "");
		if (key[0] == 'm') {
			cli_config_add_modules_dir(cfg, value);
			return NULL;
		}
		/* Adds to the shipped profiles, searched before them. */
		path = *cfg->printers_dir != '\0' ? xasprintf("%s:%s", value,
		    cfg->printers_dir) : xstrdup(value);
		free(cfg->printers_dir);
		cfg->printers_dir = path;
		return NULL;
	}
	if (strcmp(key, "credential.learner_name") == 0) {
		if (strcmp(value, "plain") != 0 && strcmp(value, "hashed") != 0)
			return xasprintf("'%s': expected plain or hashed", value);
		cfg->hash_learner_name = strcmp(value, "hashed") == 0;
		return NULL;
	}
	if (strcmp(key, "sim_speed") == 0) {
		if (!number_in(value, 0, 1e6, &v))
			return xasprintf("'%s' is not a time scale (a number from "
			    "0 to 1000000; 1 is real time)", value);
		cfg->sim_speed = v;
		return NULL;
	}
	if (strcmp(key, "records_copy_hours") == 0) {
		if (!number_in(value, 0, 24 * 365, &v) || v != (int)v)
			return xasprintf("'%s' is not a number of hours (a whole "
			    "number from 0 to 8760; 0: no limit)", value);
		cfg->records_copy_hours = (int)v;
		return NULL;
	}
	if (strcmp(key, "baud") == 0) {
		if (!number_in(value, 300, 10000000, &v) || v != (int)v)
			return xasprintf("'%s' is not a baud rate (a whole number "
			    "such as 115200 or 250000)", value);
		cfg->baud = (int)v;
		return NULL;
	}
	for (size_t i = 0; i < LL_ARRAY_LEN(keys); i++) {
		if (strcmp(keys[i].key, key) == 0) {
			cli_config_set((char **)((char *)cfg + keys[i].offset), value);
			return NULL;
		}
	}
	return xstrdup("unknown key (see docs/configuration.md)");
}

/*
 * The value after '=': trimmed; '#' at its start or after a space begins
 * a comment; "double" or 'single' quotes keep spaces and '#' (inside double
 * quotes \" and \\ stand for " and \). Writes the result over raw; NULL
 * when taken, else what is wrong.
 */
static const char *
config_value(char *raw)
{
	char *in = raw, *out = raw, *last = raw;
	char quote;

	while (*in == ' ' || *in == '\t')
		in++;
	if (*in == '"' || *in == '\'') {
		quote = *in++;
		for (;; in++) {
			if (*in == '\0')
				return "the quote is not closed";
			if (*in == quote)
				break;
			if (quote == '"' && *in == '\\' &&
			    (in[1] == '"' || in[1] == '\\'))
				in++;
			*out++ = *in;
		}
		*out = '\0';
		for (in++; *in == ' ' || *in == '\t'; in++)
			;
		if (*in != '\0' && *in != '#')
			return "text after the closing quote (put a comment "
			    "after a space and '#')";
		return NULL;
	}
	for (; *in != '\0'; in++) {
		if (*in == '#' && (in == raw || in[-1] == ' ' || in[-1] == '\t'))
			break;
		*out++ = *in;
		if (*in != ' ' && *in != '\t')
			last = out;
	}
	*last = '\0';
	return NULL;
}

static int
config_read_file(struct cli_config *cfg, const char *path, bool must_exist,
    char **cause)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;

	if (f == NULL) {
		if (!must_exist && errno == ENOENT)
			return 0;
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	cli_config_set(&cfg->path, path);
	while (rc == 0 && getline(&line, &cap, f) != -1) {
		char *eq, *key, *why;
		const char *bad;

		lineno++;
		str_trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			set_cause(cause, "%s:%d: expected 'key = value'", path,
			    lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		key = str_trim(line);
		if ((bad = config_value(eq + 1)) != NULL) {
			set_cause(cause, "%s:%d: %s: %s", path, lineno, key, bad);
			rc = -1;
		} else if ((why = config_apply(cfg, key, eq + 1)) != NULL) {
			set_cause(cause, "%s:%d: %s: %s", path, lineno, key, why);
			free(why);
			rc = -1;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

/*
 * Every DIR/layerlab/layerlab.conf of XDG_CONFIG_DIRS (default /etc/xdg),
 * the least important first, so the first directory's settings win.
 */
static int
config_read_system(struct cli_config *cfg, char **cause)
{
	const char *dirs = getenv("XDG_CONFIG_DIRS");
	char *copy, *dir, *list[32];
	int n = 0, rc = 0;

	if (dirs == NULL || *dirs == '\0')
		dirs = "/etc/xdg";
	copy = xstrdup(dirs);
	for (dir = strtok(copy, ":"); dir != NULL && n < 32;
	    dir = strtok(NULL, ":")) {
		if (dir[0] == '/')
			list[n++] = dir;
	}
	while (rc == 0 && n-- > 0) {
		char *file = xasprintf("%s/layerlab/layerlab.conf", list[n]);
		rc = config_read_file(cfg, file, false, cause);
		free(file);
	}
	free(copy);
	return rc;
}

int
cli_config_load(struct cli_config *cfg, const char *path, char **cause)
{
	char *data = paths_data_dir(), *conf_dir, *file;
	int rc;

	memset(cfg, 0, sizeof *cfg);
	cfg->db = xasprintf("%s/layerlab.db", data);
	cfg->keys_dir = xasprintf("%s/keys", data);
	free(data);
	cfg->lang = lang_from_locale(getenv("LC_ALL") && *getenv("LC_ALL") ?
	    getenv("LC_ALL") : getenv("LANG"));
	cfg->port = xstrdup("virtual");
	cfg->profile = NULL;
	cfg->baud = 0;	/* the profile's */
	cfg->sim_speed = 1.0;
	cfg->records_copy_hours = 72;
	cli_config_data_dirs(cfg);
	cfg->station = xstrdup("station-1");
	cfg->gcode_dir = xasprintf("%s/layerlab-gcode", getenv("HOME") != NULL ?
	    getenv("HOME") : ".");
	cfg->institution_name = xstrdup(CLI_PLACEHOLDER_INSTITUTION_NAME);
	cfg->institution_url = xstrdup(CLI_PLACEHOLDER_INSTITUTION_URL);
	cfg->institution_country = xstrdup("SI");
	cfg->quality_assurance = xstrdup("Internal quality assurance of the "
	    "awarding body");

	if (config_read_system(cfg, cause) != 0)
		return -1;
	if (path != NULL)
		return config_read_file(cfg, path, true, cause);
	conf_dir = paths_config_dir();
	file = xasprintf("%s/layerlab.conf", conf_dir);
	rc = config_read_file(cfg, file, false, cause);
	free(file);
	free(conf_dir);
	return rc;
}

void
cli_config_free(struct cli_config *cfg)
{
	free(cfg->path);
	free(cfg->db);
	free(cfg->lang);
	free(cfg->port);
	free(cfg->profile);
	for (int i = 0; i < cfg->nmodules_dirs; i++)
		free(cfg->modules_dirs[i]);
	free(cfg->printers_dir);
	free(cfg->gcode_dir);
	free(cfg->keys_dir);
	free(cfg->station);
	free(cfg->institution_name);
	free(cfg->institution_url);
	free(cfg->institution_country);
	free(cfg->institution_region);
	free(cfg->institution_legal_id);
	free(cfg->quality_assurance);
	free(cfg->signoff_requires);
	free(cfg->lrs_url);
	free(cfg->lrs_user);
	free(cfg->lrs_password);
	free(cfg->lrs_token_url);
	free(cfg->lrs_client_id);
	free(cfg->lrs_client_secret);
	memset(cfg, 0, sizeof *cfg);
}
