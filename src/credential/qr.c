/*
 * QR Code (ISO/IEC 18004) encoder, byte mode, error correction L or M,
 * versions 1 to 10: enough for a credential id and an issuer did:key on a
 * printed certificate (about 110 bytes, version 6 at M). Reed-Solomon over
 * GF(256), all eight masks tried and the one with the lowest penalty kept.
 */
#include <stdlib.h>
#include <string.h>

#include "cred_internal.h"

#define QR_MAX_VERSION 10

/* Per version 1..10: error correction codewords per block, blocks. */
static const int ecc_per_block[2][QR_MAX_VERSION + 1] = {
	{ 0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18 },	/* L */
	{ 0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26 },	/* M */
};
static const int num_blocks[2][QR_MAX_VERSION + 1] = {
	{ 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4 },
	{ 0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5 },
};
/* Format-information bits of each level. */
static const int ecc_format_bits[2] = { 1, 0 };

struct qr_build {
	int size;
	uint8_t *dark;
	uint8_t *function;	/* finder, timing, alignment, format, version */
};

/* Data and error correction modules in the symbol (the rest is fixed). */
static int
raw_modules(int version)
{
	int result = (16 * version + 128) * version + 64;

	if (version >= 2) {
		int align = version / 7 + 2;
		result -= (25 * align - 10) * align - 55;
		if (version >= 7)
			result -= 36;
	}
	return result;
}

static int
data_codewords(int version, int ecc)
{
	return raw_modules(version) / 8 -
	    ecc_per_block[ecc][version] * num_blocks[ecc][version];
}

static void
set_function(struct qr_build *q, int x, int y, bool dark)
{
	q->dark[y * q->size + x] = dark;
	q->function[y * q->size + x] = 1;
}

static int
alignment_positions(int version, int out[7])
{
	int n, step, size = version * 4 + 17;

	if (version == 1)
		return 0;
	n = version / 7 + 2;
	step = (version * 4 + 4 + (n * 2 - 2) - 1) / (n * 2 - 2) * 2;
	out[0] = 6;
	for (int i = n - 1, pos = size - 7; i >= 1; i--, pos -= step)
		out[i] = pos;
	return n;
}

static void
draw_finder(struct qr_build *q, int cx, int cy)
{
	for (int dy = -4; dy <= 4; dy++) {
		for (int dx = -4; dx <= 4; dx++) {
			int x = cx + dx, y = cy + dy;
			int d = abs(dx) > abs(dy) ? abs(dx) : abs(dy);

			if (x >= 0 && x < q->size && y >= 0 && y < q->size)
				set_function(q, x, y, d != 2 && d != 4);
		}
	}
}

static void
draw_format(struct qr_build *q, int ecc, int mask)
{
	int data = ecc_format_bits[ecc] << 3 | mask, rem = data, bits;

	for (int i = 0; i < 10; i++)
		rem = (rem << 1) ^ ((rem >> 9) * 0x537);
	bits = (data << 10 | rem) ^ 0x5412;

	for (int i = 0; i <= 5; i++)
		set_function(q, 8, i, (bits >> i) & 1);
	set_function(q, 8, 7, (bits >> 6) & 1);
	set_function(q, 8, 8, (bits >> 7) & 1);
	set_function(q, 7, 8, (bits >> 8) & 1);
	for (int i = 9; i < 15; i++)
		set_function(q, 14 - i, 8, (bits >> i) & 1);
	for (int i = 0; i < 8; i++)
		set_function(q, q->size - 1 - i, 8, (bits >> i) & 1);
	for (int i = 8; i < 15; i++)
		set_function(q, 8, q->size - 15 + i, (bits >> i) & 1);
	set_function(q, 8, q->size - 8, true);
}

static void
draw_function_patterns(struct qr_build *q, int version, int ecc)
{
	int pos[7], n;

	for (int i = 0; i < q->size; i++) {
		set_function(q, 6, i, i % 2 == 0);
		set_function(q, i, 6, i % 2 == 0);
	}
	draw_finder(q, 3, 3);
	draw_finder(q, q->size - 4, 3);
	draw_finder(q, 3, q->size - 4);
	n = alignment_positions(version, pos);
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			if ((i == 0 && j == 0) || (i == 0 && j == n - 1) ||
			    (i == n - 1 && j == 0))
				continue;
			for (int dy = -2; dy <= 2; dy++) {
				for (int dx = -2; dx <= 2; dx++) {
					int d = abs(dx) > abs(dy) ? abs(dx) :
					    abs(dy);
					set_function(q, pos[i] + dx,
					    pos[j] + dy, d != 1);
				}
			}
		}
	}
	draw_format(q, ecc, 0);	/* reserves the area; redrawn per mask */
	if (version >= 7) {
		int rem = version, bits;

		for (int i = 0; i < 12; i++)
			rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
		bits = version << 12 | rem;
		for (int i = 0; i < 18; i++) {
			bool bit = (bits >> i) & 1;
			int a = q->size - 11 + i % 3, b = i / 3;

			set_function(q, a, b, bit);
			set_function(q, b, a, bit);
		}
	}
}

static uint8_t
gf_mul(uint8_t x, uint8_t y)
{
	int z = 0;

	for (int i = 7; i >= 0; i--) {
		z = (z << 1) ^ ((z >> 7) * 0x11d);
		z ^= ((y >> i) & 1) * x;
	}
	return (uint8_t)z;
}

/* Reed-Solomon remainder of data by the generator of degree n. */
static void
rs_remainder(const uint8_t *data, int len, int n, uint8_t *out)
{
	uint8_t gen[32] = { 0 }, root = 1;

	gen[n - 1] = 1;
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			gen[j] = gf_mul(gen[j], root);
			if (j + 1 < n)
				gen[j] ^= gen[j + 1];
		}
		root = gf_mul(root, 2);
	}
	memset(out, 0, n);
	for (int i = 0; i < len; i++) {
		uint8_t factor = data[i] ^ out[0];

		memmove(out, out + 1, n - 1);
		out[n - 1] = 0;
		for (int j = 0; j < n; j++)
			out[j] ^= gf_mul(gen[j], factor);
	}
}

/* Splits data into blocks, adds error correction, interleaves. */
static uint8_t *
add_ecc(const uint8_t *data, int version, int ecc, int *outlen)
{
	int nblocks = num_blocks[ecc][version];
	int eccn = ecc_per_block[ecc][version];
	int raw = raw_modules(version) / 8;
	int nshort = nblocks - raw % nblocks, short_len = raw / nblocks;
	uint8_t blocks[8][160];
	uint8_t *out = xmalloc(raw);
	int k = 0, o = 0;

	for (int i = 0; i < nblocks; i++) {
		int dlen = short_len - eccn + (i < nshort ? 0 : 1);

		memset(blocks[i], 0, sizeof blocks[i]);
		memcpy(blocks[i], data + k, dlen);
		k += dlen;
		/* Short blocks get a gap so columns line up when
		 * interleaving. */
		rs_remainder(blocks[i], dlen, eccn, blocks[i] + short_len -
		    eccn + 1);
	}
	for (int i = 0; i <= short_len; i++) {
		for (int j = 0; j < nblocks; j++) {
			if (i == short_len - eccn && j < nshort)
				continue;
			out[o++] = blocks[j][i];
		}
	}
	*outlen = o;
	return out;
}

static void
draw_codewords(struct qr_build *q, const uint8_t *data, int len)
{
	int i = 0;

	for (int right = q->size - 1; right >= 1; right -= 2) {
		if (right == 6)
			right = 5;
		for (int vert = 0; vert < q->size; vert++) {
			for (int j = 0; j < 2; j++) {
				int x = right - j;
				bool upward = ((right + 1) & 2) == 0;
				int y = upward ? q->size - 1 - vert : vert;

				if (q->function[y * q->size + x] || i >= len * 8)
					continue;
				q->dark[y * q->size + x] =
				    (data[i >> 3] >> (7 - (i & 7))) & 1;
				i++;
			}
		}
	}
}

static bool
mask_bit(int mask, int x, int y)
{
	switch (mask) {
	case 0: return (x + y) % 2 == 0;
	case 1: return y % 2 == 0;
	case 2: return x % 3 == 0;
	case 3: return (x + y) % 3 == 0;
	case 4: return (x / 3 + y / 2) % 2 == 0;
	case 5: return x * y % 2 + x * y % 3 == 0;
	case 6: return (x * y % 2 + x * y % 3) % 2 == 0;
	default: return ((x + y) % 2 + x * y % 3) % 2 == 0;
	}
}

static void
apply_mask(struct qr_build *q, int mask)
{
	for (int y = 0; y < q->size; y++) {
		for (int x = 0; x < q->size; x++) {
			if (!q->function[y * q->size + x] && mask_bit(mask, x, y))
				q->dark[y * q->size + x] ^= 1;
		}
	}
}

static bool
module_at(const struct qr_build *q, int x, int y, bool transpose)
{
	if (x < 0 || y < 0 || x >= q->size || y >= q->size)
		return false;	/* the quiet zone is light */
	return transpose ? q->dark[x * q->size + y] : q->dark[y * q->size + x];
}

/* The four penalty rules of ISO/IEC 18004 section 7.8.3. */
static long
penalty(const struct qr_build *q)
{
	static const bool finder[11] = { 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0 };
	long score = 0;
	int dark = 0, n = q->size;

	for (int t = 0; t < 2; t++) {
		for (int y = 0; y < n; y++) {
			int run = 1;

			for (int x = 1; x <= n; x++) {
				if (x < n && module_at(q, x, y, t) ==
				    module_at(q, x - 1, y, t)) {
					run++;
					continue;
				}
				if (run >= 5)
					score += 3 + (run - 5);
				run = 1;
			}
			/* 1:1:3:1:1 with four light modules either side. */
			for (int x = -4; x < n; x++) {
				bool fwd = true, back = true;

				for (int i = 0; i < 11; i++) {
					bool m = module_at(q, x + i, y, t);
					if (m != finder[i])
						fwd = false;
					if (m != finder[10 - i])
						back = false;
				}
				score += 40 * (fwd + back);
			}
		}
	}
	for (int y = 0; y + 1 < n; y++) {
		for (int x = 0; x + 1 < n; x++) {
			bool c = q->dark[y * n + x];

			if (c == q->dark[y * n + x + 1] &&
			    c == q->dark[(y + 1) * n + x] &&
			    c == q->dark[(y + 1) * n + x + 1])
				score += 3;
		}
	}
	for (int i = 0; i < n * n; i++)
		dark += q->dark[i];
	{
		int total = n * n;
		int k = (abs(dark * 20 - total * 10) + total - 1) / total - 1;
		score += (long)k * 10;
	}
	return score;
}

int
cred_qr_encode(const uint8_t *data, size_t len, enum cred_qr_ecc level,
    struct cred_qr *qr, char **cause)
{
	int ecc = level == CRED_QR_ECC_L ? 0 : 1, version, cap, bitlen, nbits;
	uint8_t *bits, *codewords;
	struct qr_build q;
	int ncodewords, best_mask = 0;
	long best = -1;

	memset(qr, 0, sizeof *qr);
	for (version = 1; version <= QR_MAX_VERSION; version++) {
		nbits = version <= 9 ? 8 : 16;
		cap = data_codewords(version, ecc) * 8;
		if (4 + nbits + 8 * (long)len <= cap)
			break;
	}
	if (version > QR_MAX_VERSION) {
		set_cause(cause, "%zu bytes do not fit in a version %d QR code",
		    len, QR_MAX_VERSION);
		return -1;
	}

	/* Mode 0100 (byte), count, data, terminator, pad bytes. */
	bits = xcalloc(cap / 8, 1);
	bitlen = 0;
#define PUT(value, count) do { for (int b_ = (count) - 1; b_ >= 0; b_--) { \
	if (((value) >> b_) & 1) bits[bitlen >> 3] |= 0x80 >> (bitlen & 7); \
	bitlen++; } } while (0)
	PUT(4, 4);
	PUT((int)len, nbits);
	for (size_t i = 0; i < len; i++)
		PUT(data[i], 8);
	for (int i = 0; i < 4 && bitlen < cap; i++)
		bitlen++;
	bitlen = (bitlen + 7) / 8 * 8;
	for (int pad = 0xec; bitlen < cap; pad ^= 0xec ^ 0x11)
		PUT(pad, 8);
#undef PUT

	codewords = add_ecc(bits, version, ecc, &ncodewords);
	free(bits);

	q.size = version * 4 + 17;
	q.dark = xcalloc(q.size * q.size, 1);
	q.function = xcalloc(q.size * q.size, 1);
	draw_function_patterns(&q, version, ecc);
	draw_codewords(&q, codewords, ncodewords);
	free(codewords);

	for (int mask = 0; mask < 8; mask++) {
		long p;

		apply_mask(&q, mask);
		draw_format(&q, ecc, mask);
		p = penalty(&q);
		if (best < 0 || p < best) {
			best = p;
			best_mask = mask;
		}
		apply_mask(&q, mask);	/* XOR again: undone */
	}
	apply_mask(&q, best_mask);
	draw_format(&q, ecc, best_mask);

	qr->version = version;
	qr->size = q.size;
	qr->mask = best_mask;
	qr->modules = q.dark;
	free(q.function);
	return 0;
}

void
cred_qr_free(struct cred_qr *qr)
{
	free(qr->modules);
	memset(qr, 0, sizeof *qr);
}

char *
cred_qr_svg(const struct cred_qr *qr, int scale)
{
	int side = (qr->size + 8) * scale;
	struct buf b;

	buf_init(&b);
	buf_appendf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"qr\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" "
	    "d=\"", side, side, qr->size + 8, qr->size + 8, qr->size + 8,
	    qr->size + 8);
	for (int y = 0; y < qr->size; y++) {
		for (int x = 0; x < qr->size; x++) {
			if (qr->modules[y * qr->size + x])
				buf_appendf(&b, "M%d %dh1v1h-1z", x + 4, y + 4);
		}
	}
	buf_append_str(&b, "\"/></svg>");
	return buf_detach(&b);
}

uint8_t *
cred_qr_pgm(const struct cred_qr *qr, int scale, size_t *len)
{
	int side = (qr->size + 8) * scale;
	char header[64];
	int hlen = snprintf(header, sizeof header, "P5\n%d %d\n255\n", side,
	    side);
	uint8_t *out = xmalloc(hlen + (size_t)side * side), *p;

	memcpy(out, header, hlen);
	p = out + hlen;
	for (int y = 0; y < side; y++) {
		for (int x = 0; x < side; x++) {
			int mx = x / scale - 4, my = y / scale - 4;
			bool dark = mx >= 0 && my >= 0 && mx < qr->size &&
			    my < qr->size && qr->modules[my * qr->size + mx];

			*p++ = dark ? 0 : 255;
		}
	}
	*len = hlen + (size_t)side * side;
	return out;
}
