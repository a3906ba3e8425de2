// Validates JSON-LD documents against SHACL shapes (Turtle) with Zazuko's
// rdf-validate-shacl: each document is turned into RDF by the jsonld
// package (contexts from local copies, no network), the shapes parsed by N3.
//   node validate_shacl.mjs [--allow PATH]... SHAPES.ttl... URL=CONTEXT_FILE... -- FILE...
// Prints "conforms FILE" or each violation; exit 0 when all conform.
// --allow excuses violations on the property PATH (an IRI): for what a
// later step adds, such as the seal of an unsigned Europass credential.
import fs from 'node:fs';
import jsonld from 'jsonld';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import factory from 'rdf-validate-shacl/src/defaultEnv.js';

const args = process.argv.slice(2);
const shapes = [];
const contexts = new Map();
const allowed = new Set();
while (args.length && args[0] !== '--') {
  const arg = args.shift();
  if (arg === '--allow') { allowed.add(args.shift()); continue; }
  const eq = arg.indexOf('=');
  if (eq > 0 && !arg.endsWith('.ttl'))
    contexts.set(arg.slice(0, eq), JSON.parse(fs.readFileSync(arg.slice(eq + 1), 'utf8')));
  else
    shapes.push(...new N3.Parser().parse(fs.readFileSync(arg, 'utf8')));
}
args.shift();
const documentLoader = async (url) => {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  throw new Error(`refusing to load ${url}: no local copy`);
};
// Every imported shapes file is given on the command line.
const validator = new SHACLValidator(factory.dataset(shapes), {factory, importGraph: async () => factory.dataset()});
let ok = true;
for (const file of args) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nquads = await jsonld.toRDF(doc, {documentLoader, safe: true, format: 'application/n-quads'});
  const data = factory.dataset(new N3.Parser({format: 'N-Quads'}).parse(nquads));
  const report = await validator.validate(data);
  const results = report.results.filter((r) => !allowed.has(r.path?.value));
  for (const r of report.results.filter((r) => allowed.has(r.path?.value)))
    console.log(`  allowed: ${r.path.value}: ${r.message.map((m) => m.value).join('; ')}`);
  if (results.length === 0) {
    console.log(`conforms ${file} (${data.size} triples, ${shapes.length} shape triples)`);
    continue;
  }
  ok = false;
  console.log(`does not conform ${file}:`);
  for (const r of results.slice(0, 30))
    console.log(`  ${r.focusNode?.value} ${r.path?.value ?? ''}: ${r.message.map((m) => m.value).join('; ')} (${r.sourceConstraintComponent?.value.split('#')[1]})`);
}
process.exit(ok ? 0 : 1);
