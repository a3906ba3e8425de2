/*
 * QR codes for certificates, made by libqrencode (byte mode, the smallest
 * version that fits, the mask with the lowest penalty), and drawn as SVG for
 * the page or as a grey map for decoders in tests. The PDF and PNG draw the
 * modules themselves (certificate rendering).
 */
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "cred_internal.h"

int
cred_qr_encode(const uint8_t *data, size_t len, enum cred_qr_ecc level,
    struct cred_qr *qr, char **cause)
{
	QRcode *code;

	memset(qr, 0, sizeof *qr);
	if (len > 2953) {
		set_cause(cause, "%zu bytes do not fit in a QR code", len);
		return -1;
	}
	code = QRcode_encodeData((int)len, data, 0, level == CRED_QR_ECC_L ?
	    QR_ECLEVEL_L : QR_ECLEVEL_M);
	if (code == NULL) {
		set_cause(cause, "%zu bytes do not fit in a QR code at this "
		    "error correction level", len);
		return -1;
	}
	qr->version = code->version;
	qr->size = code->width;
	qr->modules = xmalloc((size_t)code->width * code->width);
	/* Bit 0 of each of libqrencode's bytes is the module's colour. */
	for (int i = 0; i < code->width * code->width; i++)
		qr->modules[i] = code->data[i] & 1;
	QRcode_free(code);
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
