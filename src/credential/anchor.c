/*
 * The records a credential is issued from must be the records as they were.
 * The audit chain proves that no row changed without its entry; it cannot
 * prove on its own that the chain was not cut short or computed again from
 * altered rows. So each credential carries the chain's head at the moment
 * it was issued (an Evidence entry, signed with the credential), and before
 * anything is issued again every head signed so far must still be in the
 * chain, at its place, with its hash.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

#define HEAD_PREFIX "urn:layerlab:records-head:"

char *
cred_records_head_id(int64_t seq, const char *hash)
{
	return xasprintf(HEAD_PREFIX "%lld:%s", (long long)seq, hash);
}

int
cred_records_head(const char *json, size_t len, int64_t *seq, char hash[65])
{
	json_t *doc = json_loadb(json, len, 0, NULL), *ev, *e;
	size_t i;
	int rc = 0;

	if (doc == NULL)
		return -1;
	ev = json_object_get(doc, "evidence");
	json_array_foreach(ev, i, e) {
		const char *id = json_string_value(json_object_get(e, "id"));
		long long n;
		int used = 0;

		if (id == NULL || strncmp(id, HEAD_PREFIX,
		    strlen(HEAD_PREFIX)) != 0)
			continue;
		id += strlen(HEAD_PREFIX);
		rc = -1;
		if (sscanf(id, "%lld:%n", &n, &used) != 1 || used == 0 ||
		    n < 0 || strlen(id + used) != 64 ||
		    strspn(id + used, "0123456789abcdef") != 64)
			break;
		*seq = n;
		memcpy(hash, id + used, 65);
		rc = 1;
		break;
	}
	json_decref(doc);
	return rc;
}

int
cred_records_trust(struct rec_store *s, const char *issuer_did,
    size_t *anchors, char **cause)
{
	struct rec_verify_report report;
	struct rec_credential *list = NULL;
	struct rec_filter all = { 0 };
	size_t n = 0, checked = 0;
	int rc = -1;

	if (anchors != NULL)
		*anchors = 0;
	if (rec_verify(s, &report, NULL) != 0) {
		set_cause(cause, "the records do not verify (%s)",
		    report.problem != NULL ? report.problem :
		    "audit chain broken");
		rec_verify_report_clear(&report);
		return -1;
	}
	rec_verify_report_clear(&report);
	if (rec_credential_list(s, &all, &list, &n, cause) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct cred_report rep;
		const char *doc = list[i].document;
		char signed_hash[65], now_hash[65];
		int64_t seq;
		bool ours;

		if (cred_verify(doc, strlen(doc), &rep) != 0) {
			set_cause(cause, "credential %s kept in the records "
			    "does not verify: the records were altered",
			    list[i].uri);
			cred_report_free(&rep);
			goto out;
		}
		ours = issuer_did == NULL || (rep.issuer != NULL &&
		    strcmp(rep.issuer, issuer_did) == 0);
		cred_report_free(&rep);
		if (!ours || cred_records_head(doc, strlen(doc), &seq,
		    signed_hash) != 1)
			continue;
		if (rec_chain_hash(s, seq, now_hash, NULL) != 0) {
			set_cause(cause, "the audit log ends before entry %lld, "
			    "the head signed into credential %s: entries were "
			    "removed", (long long)seq, list[i].uri);
			goto out;
		}
		if (strcmp(now_hash, signed_hash) != 0) {
			set_cause(cause, "audit entry %lld differs from the head "
			    "signed into credential %s: the log was computed "
			    "again after records were altered", (long long)seq,
			    list[i].uri);
			goto out;
		}
		checked++;
	}
	if (anchors != NULL)
		*anchors = checked;
	rc = 0;
out:
	rec_credential_free_array(list, n);
	return rc;
}

/*
 * A backup's seal: the head of the backed-up chain, signed with the
 * institution key. The chain alone cannot tell a backup that was altered
 * and computed again from the one that was taken; the signed head can.
 */
#define SEAL_TYPE "LayerlabRecordsBackupHead"

char *
cred_backup_seal(int64_t seq, const char *hash, const struct cred_key *key,
    int64_t created, char **cause)
{
	char when[32], *head = cred_records_head_id(seq, hash), *text, *out;
	json_t *doc;

	clock_iso8601(when, created);
	doc = json_pack("{s:s, s:s, s:s, s:s}", "type", SEAL_TYPE, "head",
	    head, "issuer", cred_key_did(key), "created", when);
	free(head);
	text = cred_json_dump(doc);
	json_decref(doc);
	out = cred_sign(text, key, created, cause);
	free(text);
	return out;
}

int
cred_backup_seal_check(const char *text, const char *signer_did,
    int64_t seq, const char *hash, char **cause)
{
	json_t *doc = json_loadb(text, strlen(text), 0, NULL);
	const json_t *proof;
	const char *type, *head, *method;
	char *want = cred_records_head_id(seq, hash), *why = NULL;
	int rc = -1;

	if (doc == NULL || !json_is_object(doc)) {
		set_cause(cause, "its signed head is not JSON");
		goto out;
	}
	type = json_string_value(json_object_get(doc, "type"));
	head = json_string_value(json_object_get(doc, "head"));
	if (type == NULL || strcmp(type, SEAL_TYPE) != 0 || head == NULL) {
		set_cause(cause, "its signed head is not a records head "
		    "(type %s)", SEAL_TYPE);
		goto out;
	}
	if (cred_proof_verify(doc, &why) != 0) {
		set_cause(cause, "the signature of its head does not hold: %s",
		    why);
		goto out;
	}
	proof = cred_proof_first(doc);
	method = json_string_value(json_object_get(proof,
	    "verificationMethod"));
	if (method == NULL || strncmp(method, signer_did,
	    strlen(signer_did)) != 0 || method[strlen(signer_did)] != '#') {
		set_cause(cause, "its head was signed by %s, not by this "
		    "institution's key (%s)", method != NULL ? method : "nobody",
		    signer_did);
		goto out;
	}
	if (strcmp(head, want) != 0) {
		set_cause(cause, "its audit chain ends at entry %lld (%.12s...), "
		    "but the signed head is %s: the backup was altered after it "
		    "was taken", (long long)seq, hash,
		    head + strlen(HEAD_PREFIX));
		goto out;
	}
	rc = 0;
out:
	free(why);
	free(want);
	json_decref(doc);
	return rc;
}
