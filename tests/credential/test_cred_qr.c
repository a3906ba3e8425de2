/*
 * QR codes as libqrencode makes them for the certificates: structure (size
 * per version, finder and timing patterns, format information that reads
 * back as the level asked for), and a
 * round trip through an independent decoder (zbarimg from Debian's
 * zbar-tools) for every version 1-10 at levels L and M, when installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credential.h"
#include "test.h"

static int
module(const struct cred_qr *q, int x, int y)
{
	return q->modules[y * q->size + x];
}

/* The 15 format bits around the top-left finder, unmasked. */
static int
read_format(const struct cred_qr *q)
{
	int bits = 0;

	for (int i = 0; i <= 5; i++)
		bits |= module(q, 8, i) << i;
	bits |= module(q, 8, 7) << 6;
	bits |= module(q, 8, 8) << 7;
	bits |= module(q, 7, 8) << 8;
	for (int i = 9; i < 15; i++)
		bits |= module(q, 14 - i, 8) << i;
	return bits ^ 0x5412;
}

static void
check_structure(const struct cred_qr *q, int level_bits)
{
	int fmt = read_format(q), rem = fmt >> 10;

	CHECK_INT(q->size, 17 + 4 * q->version);
	/* Finder pattern corners: dark 7x7 ring, light ring around it. */
	CHECK(module(q, 0, 0) && module(q, 6, 6) && !module(q, 7, 7));
	CHECK(module(q, q->size - 1, 0) && module(q, 0, q->size - 1));
	CHECK(!module(q, 1, 1) && module(q, 2, 2) && module(q, 4, 4));
	/* Timing pattern alternates along row and column 6. */
	for (int i = 8; i < q->size - 8; i++) {
		CHECK_INT(module(q, i, 6), i % 2 == 0);
		CHECK_INT(module(q, 6, i), i % 2 == 0);
	}
	/* The always-dark module. */
	CHECK(module(q, 8, q->size - 8));
	CHECK_INT(rem >> 3, level_bits);
}

static bool
have_zbarimg(void)
{
	return system("command -v zbarimg >/dev/null 2>&1") == 0;
}

/* Decodes the symbol with zbarimg; NULL when it cannot. */
static char *
zbar_decode(const struct cred_qr *q)
{
	char pgm[] = "/tmp/ll-qr-XXXXXX", cmd[128], *out;
	size_t len, n;
	uint8_t *img = cred_qr_pgm(q, 3, &len);
	int fd = mkstemp(pgm);
	FILE *p;

	CHECK(fd >= 0);
	CHECK_INT(write(fd, img, len), (long long)len);
	close(fd);
	free(img);
	snprintf(cmd, sizeof cmd, "zbarimg -q --raw -Sdisable -Sqrcode.enable "
	    "'PGM:%s' 2>/dev/null", pgm);
	p = popen(cmd, "r");
	out = calloc(4096, 1);
	n = fread(out, 1, 4095, p);
	pclose(p);
	unlink(pgm);
	/* zbarimg ends each symbol with a newline. */
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	if (n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Byte-mode capacity of versions 1-10 (ISO/IEC 18004 table 7). */
static const int capacity[2][11] = {
	{ 0, 17, 32, 53, 78, 106, 134, 154, 192, 230, 271 },	/* L */
	{ 0, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213 },	/* M */
};

static void
test_versions_and_roundtrip(void)
{
	bool zbar = have_zbarimg();

	if (!zbar)
		fprintf(stderr, "skip: zbarimg not installed (Debian package "
		    "zbar-tools): QR codes are checked for structure only\n");
	for (int level = 0; level < 2; level++) {
		for (int v = 1; v <= 10; v++) {
			/* Full to the last byte, then one byte more. */
			for (int extra = 0; extra <= (v < 10); extra++) {
				size_t len = capacity[level][v] + extra;
				struct cred_qr q;
				char *data = malloc(len + 1), *got;

				for (size_t i = 0; i < len; i++)
					data[i] = "urn:uuid:0123456789abcdef-did:"
					    "key:z6MkABCDEFGHJKLMNPQRSTUVWXYZ\n"
					    [(i * 7 + len) % 62];
				data[len] = '\0';
				CHECK_INT(cred_qr_encode((const uint8_t *)data,
				    len, level == 0 ? CRED_QR_ECC_L :
				    CRED_QR_ECC_M, &q, NULL), 0);
				CHECK_INT(q.version, v + extra);
				check_structure(&q, level == 0 ? 1 : 0);
				if (zbar && extra == 0) {
					got = zbar_decode(&q);
					CHECK(got != NULL);
					if (got != NULL && strcmp(got, data) != 0) {
						fprintf(stderr, "v%d: decoded "
						    "\"%s\"\n", q.version, got);
						CHECK(0);
					}
					free(got);
				}
				cred_qr_free(&q);
				free(data);
			}
		}
	}
}

static void
test_capacity(void)
{
	struct cred_qr q;
	uint8_t data[300];

	memset(data, 'a', sizeof data);
	/* Version 1-M holds 14 bytes, 1-L 17; version 10-M 213, 10-L 271. */
	CHECK_INT(cred_qr_encode(data, 14, CRED_QR_ECC_M, &q, NULL), 0);
	CHECK_INT(q.version, 1);
	cred_qr_free(&q);
	CHECK_INT(cred_qr_encode(data, 15, CRED_QR_ECC_M, &q, NULL), 0);
	CHECK_INT(q.version, 2);
	cred_qr_free(&q);
	CHECK_INT(cred_qr_encode(data, 17, CRED_QR_ECC_L, &q, NULL), 0);
	CHECK_INT(q.version, 1);
	cred_qr_free(&q);
	CHECK_INT(cred_qr_encode(data, 213, CRED_QR_ECC_M, &q, NULL), 0);
	CHECK_INT(q.version, 10);
	cred_qr_free(&q);
	CHECK_INT(cred_qr_encode(data, 214, CRED_QR_ECC_M, &q, NULL), 0);
	CHECK_INT(q.version, 11);
	cred_qr_free(&q);
	CHECK_INT(cred_qr_encode(data, 271, CRED_QR_ECC_L, &q, NULL), 0);
	CHECK_INT(q.version, 10);
	cred_qr_free(&q);
	CHECK_INT(cred_qr_encode(data, 272, CRED_QR_ECC_L, &q, NULL), 0);
	CHECK_INT(q.version, 11);
	cred_qr_free(&q);
	/* Version 40-L holds 2953 bytes: more is refused. */
	{
		uint8_t *big = calloc(3000, 1);

		CHECK_INT(cred_qr_encode(big, 2953, CRED_QR_ECC_L, &q, NULL), 0);
		CHECK_INT(q.version, 40);
		cred_qr_free(&q);
		CHECK_INT(cred_qr_encode(big, 2954, CRED_QR_ECC_L, &q, NULL), -1);
		free(big);
	}
}

static void
test_svg(void)
{
	struct cred_qr q;
	char *svg;

	CHECK_INT(cred_qr_encode((const uint8_t *)"layerlab", 8,
	    CRED_QR_ECC_M, &q, NULL), 0);
	svg = cred_qr_svg(&q, 4);
	CHECK(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	CHECK(strstr(svg, "viewBox=\"0 0 29 29\"") != NULL);
	/* The top-left module of the finder pattern, after the quiet zone. */
	CHECK(strstr(svg, "M4 4h1v1h-1z") != NULL);
	CHECK(strstr(svg, "</svg>") != NULL);
	free(svg);
	cred_qr_free(&q);
}

int
main(void)
{
	RUN(test_versions_and_roundtrip);
	RUN(test_capacity);
	RUN(test_svg);
	TEST_MAIN_END();
}
