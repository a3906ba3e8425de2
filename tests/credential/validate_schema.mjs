// Validates JSON documents against a JSON Schema with Ajv (draft 2019-09 or
// 2020-12, as the schema's $schema says; formats checked):
//   node validate_schema.mjs SCHEMA [--ref SCHEMA2]... [--part KEY=DEF]... FILE...
// --ref adds a schema that SCHEMA refers to, under the URI SCHEMA's
// relative $ref resolves to; --part validates the document's member KEY
// against SCHEMA's #/$defs/DEF instead of the whole document against the
// whole schema. Prints "valid FILE" or the errors; exit 0 when
// every file is valid.
import fs from 'node:fs';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const args = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const schema = read(args.shift());
const refs = [];
const parts = [];
for (;;) {
  if (args[0] === '--ref') { args.shift(); refs.push(read(args.shift())); }
  else if (args[0] === '--part') { args.shift(); parts.push(args.shift().split('=')); }
  else break;
}

const Ajv = String(schema.$schema).includes('2020-12') ? Ajv2020 : Ajv2019;
const ajv = new Ajv({strict: false, allErrors: true});
addFormats(ajv);
// A relative $ref in the schema names each extra schema's place.
const relative = JSON.stringify(schema).match(/"\$ref":"(\.[^"#]+)"/g) || [];
refs.forEach((ref, i) => {
  const rel = JSON.parse('{' + relative[i] + '}').$ref;
  const id = new URL(rel, schema.$id).href;
  delete ref.$id;
  ajv.addSchema(ref, id);
});
const checks = [];
if (parts.length) {
  ajv.addSchema(schema, schema.$id || 'urn:schema');
  for (const [key, def] of parts)
    checks.push([key, ajv.getSchema((schema.$id || 'urn:schema') + '#/$defs/' + def)]);
} else
  checks.push([null, ajv.compile(schema)]);
let ok = true;
for (const file of args) {
  const doc = read(file);
  let fileOk = true;
  for (const [key, validate] of checks) {
    if (key !== null && !(key in doc)) {
      fileOk = false;
      console.log(`invalid ${file}: no ${key}`);
    } else if (!validate(key === null ? doc : doc[key])) {
      fileOk = false;
      console.log(`invalid ${file}${key ? ' (' + key + ')' : ''}:`);
      for (const e of validate.errors.slice(0, 20))
        console.log(`  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
  if (fileOk) console.log(`valid ${file}`);
  ok = ok && fileOk;
}
process.exit(ok ? 0 : 1);
