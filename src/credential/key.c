/*
 * The institution's Ed25519 key and its did:key identity.
 *
 * The key is kept as a Multikey document (JSON with publicKeyMultibase and
 * secretKeyMultibase), the form that Data Integrity tools read, in one file
 * of mode 0600 inside a 0700 directory. A did:key needs no registry: the
 * public key is the identifier, so anyone can verify offline.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cred_internal.h"

#define KEY_FILE "issuer-key.json"
#define PUBLIC_FILE "issuer-public.json"

struct cred_key {
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t sk[crypto_sign_SECRETKEYBYTES];
	char *did;
	char *method;
};

static const char b58_alphabet[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

char *
cred_base58_encode(const uint8_t *data, size_t len)
{
	size_t zeros = 0, size, high, j;
	uint8_t *digits;
	char *out;
	size_t o = 0;

	while (zeros < len && data[zeros] == 0)
		zeros++;
	/* log(256)/log(58) < 1.38 digits per byte */
	size = (len - zeros) * 138 / 100 + 1;
	digits = xcalloc(size, 1);
	high = size - 1;
	for (size_t i = zeros; i < len; i++) {
		int carry = data[i];

		for (j = size - 1; j > high || carry != 0; j--) {
			carry += 256 * digits[j];
			digits[j] = (uint8_t)(carry % 58);
			carry /= 58;
			if (j == 0)
				break;
		}
		high = j;
	}
	for (j = 0; j < size && digits[j] == 0; j++)
		;
	out = xmalloc(zeros + (size - j) + 1);
	for (size_t i = 0; i < zeros; i++)
		out[o++] = '1';
	for (; j < size; j++)
		out[o++] = b58_alphabet[digits[j]];
	out[o] = '\0';
	free(digits);
	return out;
}

int
cred_base58_decode(const char *s, uint8_t **out, size_t *outlen)
{
	size_t len = strnlen(s, CRED_BASE58_MAX + 1), zeros = 0, size, j, high;
	uint8_t *bytes, *result;
	signed char value[256];

	if (len > CRED_BASE58_MAX)
		return -1;
	memset(value, -1, sizeof value);
	for (int i = 0; b58_alphabet[i] != '\0'; i++)
		value[(unsigned char)b58_alphabet[i]] = (signed char)i;
	while (zeros < len && s[zeros] == '1')
		zeros++;
	/* log(58)/log(256) < 0.733 bytes per digit */
	size = (len - zeros) * 733 / 1000 + 1;
	bytes = xcalloc(size, 1);
	high = size - 1;
	for (size_t i = zeros; i < len; i++) {
		int carry = value[(unsigned char)s[i]];

		if (carry < 0) {
			free(bytes);
			return -1;
		}
		for (j = size - 1; j > high || carry != 0; j--) {
			carry += 58 * bytes[j];
			bytes[j] = (uint8_t)(carry & 0xff);
			carry >>= 8;
			if (j == 0)
				break;
		}
		high = j;
	}
	for (j = 0; j < size && bytes[j] == 0; j++)
		;
	*outlen = zeros + (size - j);
	result = xmalloc(*outlen ? *outlen : 1);
	memset(result, 0, zeros);
	memcpy(result + zeros, bytes + j, size - j);
	free(bytes);
	*out = result;
	return 0;
}

/* Multibase base58btc of a multicodec-prefixed key. */
static char *
multikey_encode(uint8_t c0, uint8_t c1, const uint8_t key[32])
{
	uint8_t raw[34];

	raw[0] = c0;
	raw[1] = c1;
	memcpy(raw + 2, key, 32);
	char *b58 = cred_base58_encode(raw, sizeof raw);
	char *out = xasprintf("z%s", b58);
	free(b58);
	sodium_memzero(raw, sizeof raw);
	return out;
}

static int
multikey_decode(const char *s, uint8_t c0, uint8_t c1, uint8_t key[32])
{
	uint8_t *raw;
	size_t len;

	if (s == NULL || s[0] != 'z' || cred_base58_decode(s + 1, &raw,
	    &len) != 0)
		return -1;
	if (len != 34 || raw[0] != c0 || raw[1] != c1) {
		sodium_memzero(raw, len);
		free(raw);
		return -1;
	}
	memcpy(key, raw + 2, 32);
	sodium_memzero(raw, len);
	free(raw);
	return 0;
}

char *
cred_did_key_from_public(const uint8_t pk[32])
{
	/* 0xed 0x01: the multicodec varint of ed25519-pub. */
	char *mb = multikey_encode(0xed, 0x01, pk);
	char *did = xasprintf("did:key:%s", mb);

	free(mb);
	return did;
}

int
cred_did_key_public(const char *did, uint8_t pk[32], char **cause)
{
	const char *id, *hash;
	char *mb;
	int rc;

	if (did == NULL || !str_starts_with(did, "did:key:")) {
		set_cause(cause, "'%s' is not a did:key", did ? did : "");
		return -1;
	}
	id = did + strlen("did:key:");
	hash = strchr(id, '#');
	if (hash != NULL && (strlen(hash + 1) != (size_t)(hash - id) ||
	    strncmp(hash + 1, id, hash - id) != 0)) {
		set_cause(cause, "'%s': the fragment is not the key itself",
		    did);
		return -1;
	}
	mb = hash != NULL ? xstrndup(id, hash - id) : xstrdup(id);
	rc = multikey_decode(mb, 0xed, 0x01, pk);
	free(mb);
	if (rc != 0)
		set_cause(cause, "'%s' is not an Ed25519 did:key (z6Mk...)",
		    did);
	return rc;
}

static struct cred_key *
key_from_seed(const uint8_t seed[32])
{
	struct cred_key *key = xcalloc(1, sizeof *key);
	char *mb;

	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	crypto_sign_seed_keypair(key->pk, key->sk, seed);
	key->did = cred_did_key_from_public(key->pk);
	mb = multikey_encode(0xed, 0x01, key->pk);
	key->method = xasprintf("%s#%s", key->did, mb);
	free(mb);
	return key;
}

struct cred_key *
cred_key_from_seed(const uint8_t seed[32])
{
	return key_from_seed(seed);
}

void
cred_key_free(struct cred_key *key)
{
	if (key == NULL)
		return;
	free(key->did);
	free(key->method);
	sodium_memzero(key, sizeof *key);
	free(key);
}

const char *
cred_key_did(const struct cred_key *key)
{
	return key->did;
}

const char *
cred_key_verification_method(const struct cred_key *key)
{
	return key->method;
}

char *
cred_key_path(const char *dir)
{
	return xasprintf("%s/%s", dir, KEY_FILE);
}

/* Creates path exclusively with mode, writes text and syncs it. */
static int
write_new_file(const char *path, mode_t mode, const char *text, char **cause)
{
	size_t len = strlen(text), off = 0;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			set_cause(cause, "%s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static json_t *
key_document(const struct cred_key *key, bool with_secret)
{
	char *pub = multikey_encode(0xed, 0x01, key->pk);
	json_t *doc = json_object();

	json_object_set_new(doc, "@context",
	    json_string("https://w3id.org/security/multikey/v1"));
	json_object_set_new(doc, "type", json_string("Multikey"));
	json_object_set_new(doc, "id", json_string(key->method));
	json_object_set_new(doc, "controller", json_string(key->did));
	json_object_set_new(doc, "publicKeyMultibase", json_string(pub));
	if (with_secret) {
		/* 0x80 0x26: the multicodec varint of ed25519-priv (the seed). */
		char *sec = multikey_encode(0x80, 0x26, key->sk);
		json_object_set_new(doc, "secretKeyMultibase", json_string(sec));
		sodium_memzero(sec, strlen(sec));
		free(sec);
	}
	free(pub);
	return doc;
}

struct cred_key *
cred_key_create(const char *dir, char **cause)
{
	char *path = cred_key_path(dir), *pub_path, *text;
	uint8_t seed[32];
	struct cred_key *key;
	struct stat st;
	json_t *doc;

	if (stat(path, &st) == 0) {
		set_cause(cause, "%s already exists: the institution has a key "
		    "(refusing to replace it; see docs/credentials.md)", path);
		free(path);
		return NULL;
	}
	if (paths_mkdir_p(dir, cause) != 0) {
		free(path);
		return NULL;
	}
	if (sodium_init() < 0)
		fatal("libsodium failed to initialise");
	randombytes_buf(seed, sizeof seed);
	key = key_from_seed(seed);
	sodium_memzero(seed, sizeof seed);

	doc = key_document(key, true);
	text = cred_json_dump(doc);
	json_decref(doc);
	if (write_new_file(path, 0600, text, cause) != 0) {
		sodium_memzero(text, strlen(text));
		free(text);
		free(path);
		cred_key_free(key);
		return NULL;
	}
	sodium_memzero(text, strlen(text));
	free(text);

	/* The public half, to hand to anyone who verifies. */
	pub_path = xasprintf("%s/%s", dir, PUBLIC_FILE);
	unlink(pub_path);
	doc = key_document(key, false);
	text = cred_json_dump(doc);
	json_decref(doc);
	if (write_new_file(pub_path, 0644, text, cause) != 0) {
		free(text);
		free(pub_path);
		free(path);
		cred_key_free(key);
		return NULL;
	}
	free(text);
	free(pub_path);
	free(path);
	return key;
}

struct cred_key *
cred_key_load(const char *dir, char **cause)
{
	char *path = cred_key_path(dir), *text, *why = NULL;
	uint8_t seed[32];
	struct cred_key *key;
	struct stat st;
	size_t len;
	json_t *doc;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			set_cause(cause, "no institution key in %s (create it "
			    "with 'layerlab keys init')", dir);
		else
			set_cause(cause, "%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		set_cause(cause, "%s: the secret key is readable by others "
		    "(mode %04o); run 'chmod 600 %s' and check who may have "
		    "copied it", path, (unsigned)(st.st_mode & 07777), path);
		free(path);
		return NULL;
	}
	if ((text = file_read_all(path, &len, cause)) == NULL) {
		free(path);
		return NULL;
	}
	doc = cred_json_parse(text, len, &why);
	sodium_memzero(text, len);
	free(text);
	if (doc == NULL) {
		set_cause(cause, "%s: %s", path, why);
		free(why);
		free(path);
		return NULL;
	}
	if (multikey_decode(json_string_value(json_object_get(doc,
	    "secretKeyMultibase")), 0x80, 0x26, seed) != 0) {
		set_cause(cause, "%s: expected 'secretKeyMultibase' with an "
		    "Ed25519 secret key (z3u2...)", path);
		json_decref(doc);
		free(path);
		return NULL;
	}
	key = key_from_seed(seed);
	sodium_memzero(seed, sizeof seed);
	{
		const char *pub = json_string_value(json_object_get(doc,
		    "publicKeyMultibase"));
		char *want = multikey_encode(0xed, 0x01, key->pk);

		if (pub == NULL || strcmp(pub, want) != 0) {
			set_cause(cause, "%s: 'publicKeyMultibase' does not "
			    "match the secret key", path);
			free(want);
			json_decref(doc);
			free(path);
			cred_key_free(key);
			return NULL;
		}
		free(want);
	}
	json_decref(doc);
	free(path);
	return key;
}

/* ---- Data Integrity proof, cryptosuite eddsa-jcs-2022. */

/* SHA-256(JCS(config)) ‖ SHA-256(JCS(document)): what Ed25519 signs. */
static int
proof_message(const json_t *config, const json_t *doc, uint8_t msg[64],
    char **cause)
{
	if (jcs_hash(config, msg, cause) != 0)
		return -1;
	return jcs_hash(doc, msg + 32, cause);
}

char *
cred_sign(const char *json, const struct cred_key *key, int64_t created,
    char **cause)
{
	json_t *doc, *config;
	uint8_t msg[64], sig[crypto_sign_BYTES];
	char when[32], *b58, *text;

	if ((doc = cred_json_parse(json, strlen(json), cause)) == NULL)
		return NULL;
	if (!json_is_object(doc) || json_object_get(doc, "proof") != NULL) {
		set_cause(cause, "the document to sign must be an object "
		    "without a proof");
		json_decref(doc);
		return NULL;
	}
	clock_iso8601(when, created);
	config = json_object();
	json_object_set_new(config, "type", json_string("DataIntegrityProof"));
	json_object_set_new(config, "cryptosuite",
	    json_string("eddsa-jcs-2022"));
	json_object_set_new(config, "created", json_string(when));
	json_object_set_new(config, "verificationMethod",
	    json_string(key->method));
	json_object_set_new(config, "proofPurpose",
	    json_string("assertionMethod"));
	if (json_object_get(doc, "@context") != NULL)
		json_object_set_new(config, "@context",
		    json_deep_copy(json_object_get(doc, "@context")));
	if (proof_message(config, doc, msg, cause) != 0) {
		json_decref(config);
		json_decref(doc);
		return NULL;
	}
	crypto_sign_detached(sig, NULL, msg, sizeof msg, key->sk);
	b58 = cred_base58_encode(sig, sizeof sig);
	json_object_set_new(config, "proofValue", json_pack("s+", "z", b58));
	free(b58);
	/* A set of one: Open Badges 3.0's schema wants an array, and a
	 * second signer (an endorsement) can be added beside it. */
	json_object_set_new(doc, "proof", json_pack("[o]", config));
	text = cred_json_dump(doc);
	json_decref(doc);
	return text;
}

/* Checks one proof of doc against unsigned_doc (doc without its proofs). */
static int
proof_verify_one(const json_t *proof, const json_t *doc,
    const json_t *unsigned_doc, char **detail)
{
	json_t *config;
	const char *value, *method, *field;
	uint8_t pk[32], msg[64], *sig;
	size_t siglen;
	char *why = NULL;
	int rc = -1;

	if (!json_is_object(proof)) {
		set_cause(detail, "a proof is not an object");
		return -1;
	}
	if ((field = "type", !json_is_string(json_object_get(proof, field)) ||
	    strcmp(json_string_value(json_object_get(proof, field)),
	    "DataIntegrityProof") != 0) ||
	    (field = "cryptosuite", !json_is_string(json_object_get(proof,
	    field)) || strcmp(json_string_value(json_object_get(proof, field)),
	    "eddsa-jcs-2022") != 0) ||
	    (field = "proofPurpose", !json_is_string(json_object_get(proof,
	    field)) || strcmp(json_string_value(json_object_get(proof, field)),
	    "assertionMethod") != 0)) {
		set_cause(detail, "proof.%s is not the expected value "
		    "(DataIntegrityProof, eddsa-jcs-2022, assertionMethod)",
		    field);
		return -1;
	}
	if (!cred_datetime_valid(json_string_value(json_object_get(proof,
	    "created")))) {
		set_cause(detail, "proof.created is not an ISO 8601 date-time");
		return -1;
	}
	if (json_object_get(proof, "@context") != NULL &&
	    !json_equal(json_object_get(proof, "@context"),
	    json_object_get(doc, "@context"))) {
		set_cause(detail, "proof.@context differs from the document's "
		    "@context");
		return -1;
	}
	method = json_string_value(json_object_get(proof,
	    "verificationMethod"));
	if (method == NULL || strchr(method, '#') == NULL ||
	    cred_did_key_public(method, pk, &why) != 0) {
		set_cause(detail, "proof.verificationMethod: %s",
		    why != NULL ? why : "expected did:key:z6Mk...#z6Mk...");
		free(why);
		return -1;
	}
	value = json_string_value(json_object_get(proof, "proofValue"));
	if (value == NULL || value[0] != 'z' ||
	    cred_base58_decode(value + 1, &sig, &siglen) != 0) {
		set_cause(detail, "proof.proofValue is not multibase base58btc");
		return -1;
	}
	if (siglen != crypto_sign_BYTES) {
		set_cause(detail, "proof.proofValue holds %zu bytes, not an "
		    "Ed25519 signature (64)", siglen);
		free(sig);
		return -1;
	}
	config = json_deep_copy(proof);
	json_object_del(config, "proofValue");
	if (proof_message(config, unsigned_doc, msg, &why) != 0) {
		set_cause(detail, "cannot canonicalize: %s", why);
		free(why);
	} else if (crypto_sign_verify_detached(sig, msg, sizeof msg, pk) != 0)
		set_cause(detail, "the Ed25519 signature does not match the "
		    "document: it was changed after signing, or signed by "
		    "another key");
	else
		rc = 0;
	json_decref(config);
	free(sig);
	return rc;
}

const json_t *
cred_proof_first(const json_t *doc)
{
	const json_t *proof = json_object_get(doc, "proof");

	return json_is_array(proof) ? json_array_get(proof, 0) : proof;
}

/*
 * Checks every proof of doc (a proof object or a set of them, each made
 * over the document without "proof"). Fills *detail on failure.
 */
int
cred_proof_verify(const json_t *doc, char **detail)
{
	const json_t *proof = json_object_get(doc, "proof"), *p;
	json_t *unsigned_doc;
	size_t i;
	int rc = 0;

	if (!json_is_object(proof) && (!json_is_array(proof) ||
	    json_array_size(proof) == 0)) {
		set_cause(detail, "no proof");
		return -1;
	}
	unsigned_doc = json_deep_copy(doc);
	json_object_del(unsigned_doc, "proof");
	if (json_is_object(proof))
		rc = proof_verify_one(proof, doc, unsigned_doc, detail);
	else {
		json_array_foreach(proof, i, p) {
			if ((rc = proof_verify_one(p, doc, unsigned_doc,
			    detail)) != 0)
				break;
		}
	}
	json_decref(unsigned_doc);
	return rc;
}
