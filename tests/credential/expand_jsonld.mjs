// Expands JSON-LD documents with the jsonld package in safe mode, every
// context served from local copies (no network): a term no context defines,
// or a malformed value, is an error.
//   node expand_jsonld.mjs URL=FILE... -- FILE...
// Prints "valid FILE (N nodes)" or the error; exit 0 when all expand.
import fs from 'node:fs';
import jsonld from 'jsonld';

const args = process.argv.slice(2);
const contexts = new Map();
while (args.length && args[0] !== '--') {
  const arg = args.shift();
  const eq = arg.indexOf('=');
  contexts.set(arg.slice(0, eq), JSON.parse(fs.readFileSync(arg.slice(eq + 1), 'utf8')));
}
args.shift();
const documentLoader = async (url) => {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  throw new Error(`refusing to load ${url}: no local copy`);
};
let ok = true;
for (const file of args) {
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const expanded = await jsonld.expand(doc, {documentLoader, safe: true});
    const nquads = await jsonld.toRDF(doc, {documentLoader, safe: true, format: 'application/n-quads'});
    console.log(`valid ${file} (${nquads.split('\n').filter(Boolean).length} triples, ${expanded.length} top nodes)`);
  } catch (e) {
    ok = false;
    console.log(`invalid ${file}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details).slice(0, 400) : ''}`);
  }
}
process.exit(ok ? 0 : 1);
