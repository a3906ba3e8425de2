// Reads the QR code of a certificate page back with jsQR, a decoder that
// shares no code with layerlab: the inline SVG's modules are drawn into a
// bitmap and decoded. Prints the decoded text.
//   node decode_qr.mjs CERTIFICATE.html
import fs from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const jsQR = require('jsqr');

const html = fs.readFileSync(process.argv[2], 'utf8');
const svg = html.match(/<svg[^>]*viewBox="0 0 (\d+) (\d+)"[^>]*>.*?<path fill="#000" d="([^"]*)"/s);
if (!svg) {
  console.error('no QR code (inline SVG) in the page');
  process.exit(1);
}
const modules = Number(svg[1]), scale = 4, side = modules * scale;
const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
for (const m of svg[3].matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
  const x0 = Number(m[1]) * scale, y0 = Number(m[2]) * scale;
  for (let y = y0; y < y0 + scale; y++)
    for (let x = x0; x < x0 + scale; x++)
      pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
}
const code = jsQR(pixels, side, side);
if (!code) {
  console.error('jsQR found no QR code in the certificate');
  process.exit(1);
}
process.stdout.write(code.data);
