/*
 * The revocation list: indexes picked at random among the free ones, the
 * signed Bitstring Status List read back for set and clear bits, and a list
 * that was changed, signed by another key or is another list refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "credential.h"
#include "test.h"

static const struct cred_institution inst = {
	.name = "Šolski center", .url = "https://school.test/",
	.country = "SI", .quality_assurance = "QA",
};

static void
test_pick(void)
{
	int64_t *taken = calloc(CRED_STATUS_LIST_BITS, sizeof *taken);
	bool seen_high = false;

	/* Never a taken one; spread over the whole list. */
	for (int i = 0; i < 200; i++) {
		int64_t t[3] = { 5, 6, 7 }, p = cred_status_index_pick(t, 3);

		CHECK(p >= 0 && p < CRED_STATUS_LIST_BITS);
		CHECK(p != 5 && p != 6 && p != 7);
		seen_high = seen_high || p > CRED_STATUS_LIST_BITS / 2;
	}
	CHECK(seen_high);
	/* All but one taken (duplicates and strays ignored): that one. */
	for (int64_t i = 0; i < CRED_STATUS_LIST_BITS; i++)
		taken[i] = i == 4242 ? 17 : i;
	CHECK_INT(cred_status_index_pick(taken, CRED_STATUS_LIST_BITS), 4242);
	taken[4242] = 4242;
	CHECK_INT(cred_status_index_pick(taken, CRED_STATUS_LIST_BITS), -1);
	free(taken);
}

/* A minimal credential naming bit index of this institution's list. */
static char *
entry(const char *issuer, int64_t index, const char *list)
{
	return xasprintf("{\"issuer\": {\"id\": \"%s\"}, \"credentialStatus\": "
	    "{\"type\": \"BitstringStatusListEntry\", \"statusPurpose\": "
	    "\"revocation\", \"statusListIndex\": \"%lld\", "
	    "\"statusListCredential\": \"%s\"}}", issuer, (long long)index,
	    list);
}

static void
test_list(void)
{
	static const uint8_t seed[32] = { 7 }, other_seed[32] = { 8 };
	struct cred_key *key = cred_key_from_seed(seed);
	struct cred_key *other = cred_key_from_seed(other_seed);
	const int64_t revoked[] = { 0, 9, 131071 };
	char *url = cred_status_list_url(inst.url), *list, *cause = NULL;
	bool is_revoked;

	CHECK_STR(url, "https://school.test/layerlab/status/revocation.json");
	list = cred_status_list(&inst, key, revoked, 3, 1790000000, &cause);
	CHECK(list != NULL);
	{
		static const int64_t probe[] = { 0, 1, 8, 9, 10, 131070,
		    131071 };
		static const bool want[] = { true, false, false, true, false,
		    false, true };

		for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
			char *c = entry(cred_key_did(key), probe[i], url);

			is_revoked = !want[i];
			CHECK_INT(cred_status_check(c, list, strlen(list),
			    &is_revoked, NULL), 0);
			CHECK_INT(is_revoked, want[i]);
			free(c);
		}
	}
	/* Another issuer's credential, another list, a changed list. */
	{
		char *c = entry(cred_key_did(other), 1, url);

		CHECK_INT(cred_status_check(c, list, strlen(list), &is_revoked,
		    &cause), -1);
		CHECK(strstr(cause, "not signed by the credential's issuer") !=
		    NULL);
		free(cause);
		cause = NULL;
		free(c);
		c = entry(cred_key_did(key), 1, "https://school.test/other.json");
		CHECK_INT(cred_status_check(c, list, strlen(list), &is_revoked,
		    &cause), -1);
		CHECK(strstr(cause, "the credential names") != NULL);
		free(cause);
		cause = NULL;
		free(c);
	}
	{
		char *c = entry(cred_key_did(key), 1, url);
		char *changed = strdup(list), *p = strstr(changed,
		    "\"encodedList\": \"u");

		CHECK(p != NULL);
		p += strlen("\"encodedList\": \"u");
		*p = *p == 'A' ? 'B' : 'A';
		CHECK_INT(cred_status_check(c, changed, strlen(changed),
		    &is_revoked, &cause), -1);
		CHECK(strstr(cause, "signature") != NULL);
		free(cause);
		cause = NULL;
		free(changed);
		free(c);
	}
	/* An index outside the list. */
	CHECK(cred_status_list(&inst, key, (int64_t[]){ CRED_STATUS_LIST_BITS },
	    1, 1790000000, &cause) == NULL);
	free(cause);
	free(list);
	free(url);
	cred_key_free(key);
	cred_key_free(other);
}

int
main(void)
{
	RUN(test_pick);
	RUN(test_list);
	TEST_MAIN_END();
}
