#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

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

static int
config_apply(struct cli_config *cfg, const char *key, const char *value)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "db", offsetof(struct cli_config, db) },
		{ "lang", offsetof(struct cli_config, lang) },
		{ "port", offsetof(struct cli_config, port) },
		{ "profile", offsetof(struct cli_config, profile) },
		{ "keys", offsetof(struct cli_config, keys_dir) },
		{ "station", offsetof(struct cli_config, station) },
		{ "institution.name", offsetof(struct cli_config, institution_name) },
		{ "institution.url", offsetof(struct cli_config, institution_url) },
		{ "institution.country", offsetof(struct cli_config, institution_country) },
		{ "institution.region", offsetof(struct cli_config, institution_region) },
		{ "institution.legal_id", offsetof(struct cli_config, institution_legal_id) },
		{ "quality_assurance", offsetof(struct cli_config, quality_assurance) },
	};

	if (strcmp(key, "printers") == 0) {
		char *path;

		/* Adds to the shipped profiles, searched before them. */
		if (strchr(value, ':') != NULL || !is_dir(value))
			return -1;
		path = *cfg->printers_dir != '\0' ? xasprintf("%s:%s", value,
		    cfg->printers_dir) : xstrdup(value);
		free(cfg->printers_dir);
		cfg->printers_dir = path;
		return 0;
	}
	if (strcmp(key, "modules") == 0) {
		cli_config_add_modules_dir(cfg, value);
		return 0;
	}
	if (strcmp(key, "credential.learner_name") == 0) {
		if (strcmp(value, "plain") != 0 && strcmp(value, "hashed") != 0)
			return -1;
		cfg->hash_learner_name = strcmp(value, "hashed") == 0;
		return 0;
	}
	if (strcmp(key, "sim_speed") == 0) {
		char *end;
		double v = strtod(value, &end);
		if (*end != '\0' || v < 0)
			return -1;
		cfg->sim_speed = v;
		return 0;
	}
	if (strcmp(key, "baud") == 0) {
		char *end;
		long v = strtol(value, &end, 10);
		if (*end != '\0' || v <= 0)
			return -1;
		cfg->baud = (int)v;
		return 0;
	}
	for (size_t i = 0; i < LL_ARRAY_LEN(keys); i++) {
		if (strcmp(keys[i].key, key) == 0) {
			cli_config_set((char **)((char *)cfg + keys[i].offset), value);
			return 0;
		}
	}
	return -1;
}

static int
config_read_file(struct cli_config *cfg, const char *path, bool must_exist,
    char **cause)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (f == NULL) {
		if (!must_exist && errno == ENOENT)
			return 0;
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	cli_config_set(&cfg->path, path);
	while (fgets(line, sizeof line, f) != NULL) {
		char *eq, *key, *value;

		lineno++;
		str_trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			set_cause(cause, "%s:%d: expected 'key = value'", path,
			    lineno);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		key = str_trim(line);
		value = str_trim(eq + 1);
		if (config_apply(cfg, key, value) != 0) {
			set_cause(cause, "%s:%d: unknown key or bad value '%s' "
			    "(see docs/configuration.md)", path, lineno, key);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
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
	cli_config_data_dirs(cfg);
	cfg->station = xstrdup("station-1");
	cfg->institution_name = xstrdup(CLI_PLACEHOLDER_INSTITUTION_NAME);
	cfg->institution_url = xstrdup(CLI_PLACEHOLDER_INSTITUTION_URL);
	cfg->institution_country = xstrdup("SI");
	cfg->quality_assurance = xstrdup("Internal quality assurance of the "
	    "awarding body");

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
	free(cfg->keys_dir);
	free(cfg->station);
	free(cfg->institution_name);
	free(cfg->institution_url);
	free(cfg->institution_country);
	free(cfg->institution_region);
	free(cfg->institution_legal_id);
	free(cfg->quality_assurance);
	memset(cfg, 0, sizeof *cfg);
}
