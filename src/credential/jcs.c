/*
 * RFC 8785 JSON Canonicalization Scheme. The signature covers these bytes,
 * so any verifier that canonicalizes the same way (JavaScript's
 * JSON.stringify rules with sorted keys) computes the same hash: numbers
 * take ECMAScript's shortest round-trip form, strings escape only what
 * JSON requires, object keys sort by UTF-16 code units.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cred_internal.h"

int
cred_jcs_number(double value, char out[32])
{
	char tmp[40], digits[24];
	int precision, exponent, ndigits = 0, n, len = 0;
	const char *p;

	if (!isfinite(value))
		return -1;
	if (value == 0) {
		/* -0 too: ECMAScript prints both as "0". */
		strcpy(out, "0");
		return 0;
	}
	/* The fewest significant digits that read back as the same double;
	 * printf rounds correctly, so those digits are the closest ones. */
	for (precision = 1; precision <= 17; precision++) {
		snprintf(tmp, sizeof tmp, "%.*e", precision - 1, value);
		if (strtod(tmp, NULL) == value)
			break;
	}
	p = tmp;
	if (*p == '-') {
		out[len++] = '-';
		p++;
	}
	for (; *p != 'e'; p++) {
		if (*p != '.')
			digits[ndigits++] = *p;
	}
	exponent = atoi(p + 1);
	while (ndigits > 1 && digits[ndigits - 1] == '0')
		ndigits--;
	digits[ndigits] = '\0';

	/* n is the position of the decimal point relative to the digits, as
	 * in ECMA-262 Number::toString. */
	n = exponent + 1;
	if (ndigits <= n && n <= 21) {
		memcpy(out + len, digits, ndigits);
		len += ndigits;
		for (int i = ndigits; i < n; i++)
			out[len++] = '0';
	} else if (0 < n && n <= 21) {
		memcpy(out + len, digits, n);
		len += n;
		out[len++] = '.';
		memcpy(out + len, digits + n, ndigits - n);
		len += ndigits - n;
	} else if (-6 < n && n <= 0) {
		out[len++] = '0';
		out[len++] = '.';
		for (int i = 0; i < -n; i++)
			out[len++] = '0';
		memcpy(out + len, digits, ndigits);
		len += ndigits;
	} else {
		out[len++] = digits[0];
		if (ndigits > 1) {
			out[len++] = '.';
			memcpy(out + len, digits + 1, ndigits - 1);
			len += ndigits - 1;
		}
		len += snprintf(out + len, 32 - len, "e%c%d",
		    n - 1 >= 0 ? '+' : '-', abs(n - 1));
	}
	out[len] = '\0';
	return 0;
}

void
jcs_append_string(struct buf *out, const char *s, size_t len)
{
	buf_append(out, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': buf_append(out, "\\\"", 2); break;
		case '\\': buf_append(out, "\\\\", 2); break;
		case '\b': buf_append(out, "\\b", 2); break;
		case '\f': buf_append(out, "\\f", 2); break;
		case '\n': buf_append(out, "\\n", 2); break;
		case '\r': buf_append(out, "\\r", 2); break;
		case '\t': buf_append(out, "\\t", 2); break;
		default:
			if (c < 0x20)
				buf_appendf(out, "\\u%04x", c);
			else
				buf_append(out, &s[i], 1);
		}
	}
	buf_append(out, "\"", 1);
}

/* Next UTF-16 code unit of a UTF-8 string; *pending holds the low
 * surrogate of a pair between calls. Returns -1 at the end. */
static int
utf16_next(const char *s, size_t len, size_t *pos, unsigned *pending)
{
	uint32_t cp;

	if (*pending != 0) {
		unsigned unit = *pending;
		*pending = 0;
		return (int)unit;
	}
	if (*pos >= len)
		return -1;
	*pos += utf8_decode(s + *pos, len - *pos, &cp);
	if (cp < 0x10000)
		return (int)cp;
	cp -= 0x10000;
	*pending = 0xdc00 + (cp & 0x3ff);
	return (int)(0xd800 + (cp >> 10));
}

struct jcs_key {
	const char *key;
	size_t len;
	json_t *value;
};

static int
jcs_key_cmp(const void *a, const void *b)
{
	const struct jcs_key *ka = a, *kb = b;
	size_t pa = 0, pb = 0;
	unsigned qa = 0, qb = 0;

	for (;;) {
		int ua = utf16_next(ka->key, ka->len, &pa, &qa);
		int ub = utf16_next(kb->key, kb->len, &pb, &qb);

		if (ua != ub)
			return ua < ub ? -1 : 1;
		if (ua == -1)
			return 0;
	}
}

int
jcs_append(const json_t *v, struct buf *out, char **cause)
{
	char num[32];

	switch (json_typeof(v)) {
	case JSON_NULL:
		buf_append_str(out, "null");
		return 0;
	case JSON_TRUE:
		buf_append_str(out, "true");
		return 0;
	case JSON_FALSE:
		buf_append_str(out, "false");
		return 0;
	case JSON_INTEGER:
	case JSON_REAL:
		if (cred_jcs_number(json_number_value(v), num) != 0) {
			set_cause(cause, "a number is not finite");
			return -1;
		}
		buf_append_str(out, num);
		return 0;
	case JSON_STRING:
		jcs_append_string(out, json_string_value(v),
		    json_string_length(v));
		return 0;
	case JSON_ARRAY:
		buf_append(out, "[", 1);
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i > 0)
				buf_append(out, ",", 1);
			if (jcs_append(json_array_get(v, i), out, cause) != 0)
				return -1;
		}
		buf_append(out, "]", 1);
		return 0;
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		struct jcs_key *keys = xcalloc(n ? n : 1, sizeof *keys);
		void *it;

		for (it = json_object_iter((json_t *)v); it != NULL;
		    it = json_object_iter_next((json_t *)v, it)) {
			keys[i].key = json_object_iter_key(it);
			keys[i].len = json_object_iter_key_len(it);
			keys[i].value = json_object_iter_value(it);
			i++;
		}
		qsort(keys, n, sizeof *keys, jcs_key_cmp);
		buf_append(out, "{", 1);
		for (i = 0; i < n; i++) {
			if (i > 0)
				buf_append(out, ",", 1);
			jcs_append_string(out, keys[i].key, keys[i].len);
			buf_append(out, ":", 1);
			if (jcs_append(keys[i].value, out, cause) != 0) {
				free(keys);
				return -1;
			}
		}
		buf_append(out, "}", 1);
		free(keys);
		return 0;
	}
	}
	fatal("jcs: unknown JSON type");
}

int
jcs_hash(const json_t *v, uint8_t hash[32], char **cause)
{
	struct buf b;

	buf_init(&b);
	if (jcs_append(v, &b, cause) != 0) {
		buf_free(&b);
		return -1;
	}
	crypto_hash_sha256(hash, (const unsigned char *)b.data, b.len);
	buf_free(&b);
	return 0;
}

json_t *
cred_json_parse(const char *text, size_t len, char **cause)
{
	json_error_t err;
	json_t *v;

	/* Numbers as doubles, as every JavaScript verifier reads them. */
	v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
	    JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
	if (v == NULL)
		set_cause(cause, "line %d, column %d: %s", err.line, err.column,
		    err.text);
	return v;
}

char *
cred_jcs(const char *json, size_t len, size_t *outlen, char **cause)
{
	json_t *v = cred_json_parse(json, len, cause);
	struct buf b;

	if (v == NULL)
		return NULL;
	buf_init(&b);
	if (jcs_append(v, &b, cause) != 0) {
		json_decref(v);
		buf_free(&b);
		return NULL;
	}
	json_decref(v);
	if (outlen != NULL)
		*outlen = b.len;
	return buf_detach(&b);
}
