/*
 * Printer profiles: printers/<id>.lua, one plain Lua table per printer,
 * loaded into the host's struct host_profile and validated. Every problem is
 * reported as "file:line: what was expected". Format and meaning of every
 * key: docs/printer-profiles.md.
 */
#ifndef LL_LESSON_PROFILE_H
#define LL_LESSON_PROFILE_H

#include <stdbool.h>

#include "../host/profile.h"

/*
 * printers_dir is a search path: directories separated by ':', searched in
 * order (the first <id>.lua found is the profile); listings are the union.
 *
 * Loads printers_dir/<id>.lua into *profile (initialised here; release with
 * host_profile_free). id must be a plain name ([a-z0-9._-]). On failure
 * *profile is left freed and *cause holds "file:line: message".
 */
int lesson_profile_load(const char *printers_dir, const char *id,
    struct host_profile *profile, char **cause);
int lesson_profile_load_file(const char *path, struct host_profile *profile,
    char **cause);

/* The ids of every profile in printers_dir, sorted; NULL-terminated. */
char **lesson_profile_list(const char *printers_dir, int *n, char **cause);
void lesson_profile_list_free(char **ids);

/* A profile whose USB ids match a port, for "layerlab ports". */
struct lesson_profile_match {
	char id[64];
	char name[128];
	bool exact;		/* VID and PID matched (else VID only) */
	bool fallback;		/* a generic profile, suggested last */
	char *unverified;	/* "usb, max_bed": values not confirmed by the
				   maker's documentation, or NULL */
};

/*
 * Every loadable profile in printers_dir whose usb list matches vid:pid,
 * best first: exact matches before VID-only ones, specific profiles before
 * fallback ones. Returns the count (0 is no match), -1 with cause when the
 * directory cannot be read. Broken profiles are skipped (lint reports them).
 */
int lesson_profile_match_usb(const char *printers_dir, unsigned vid,
    unsigned pid, struct lesson_profile_match **matches, char **cause);
void lesson_profile_matches_free(struct lesson_profile_match *matches, int n);

/*
 * What the profile marks as unverified, joined with ", ", or NULL when
 * everything is confirmed or the profile does not load.
 */
char *lesson_profile_unverified(const char *printers_dir, const char *id);

#endif
