/*
 * Country codes of awarding bodies, checked against ISO 3166-1 as Debian's
 * iso-codes package ships it: a code of the right shape may still name no
 * country (XK, UK), and it ends up in signed credentials for good.
 */
#include <string.h>

#include <jansson.h>

#include "core.h"
#include "credential.h"

int
cred_country_check(const char *code, char **cause)
{
	json_error_t err;
	json_t *doc, *list, *entry;
	size_t i;
	int found = 0;

	if ((doc = json_load_file(LL_ISO_3166_1, 0, &err)) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("cannot read the list of country "
			    "codes %s (package iso-codes): %s", LL_ISO_3166_1,
			    err.text);
		return -1;
	}
	list = json_object_get(doc, "3166-1");
	json_array_foreach(list, i, entry) {
		const char *a2 = json_string_value(json_object_get(entry,
		    "alpha_2"));

		if (a2 != NULL && strcmp(a2, code) == 0) {
			found = 1;
			break;
		}
	}
	if (!found && cause != NULL)
		*cause = xasprintf("'%s' is not an ISO 3166-1 alpha-2 country "
		    "code (two capital letters of a country in %s, such as SI "
		    "or HR)", code, LL_ISO_3166_1);
	json_decref(doc);
	return found ? 0 : -1;
}
