// Validates xAPI statements with Learning Locker's validator (the one its
// LRS runs on every statement it receives, conformance tested against
// xAPI 1.0.3).
//   node validate_xapi.mjs FILE...   (each FILE a JSON array of statements)
// Prints the problems found; exit 0 when every statement is valid.
import fs from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const validate = require('xapi-validation').default;

let problems = 0, count = 0;
for (const file of process.argv.slice(2)) {
  const statements = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(statements)) {
    console.log(`${file}: not a JSON array of statements`);
    problems++;
    continue;
  }
  statements.forEach((statement, i) => {
    count++;
    for (const warning of validate(statement)) {
      problems++;
      const where = (warning.path || []).join('.');
      console.log(`${file}: statement ${i} (${statement.id}): ${where}: ` +
        `${warning.constructor.name} ${JSON.stringify(warning.data)}`);
    }
  });
}
console.log(`${count} statements, ${problems} problems`);
process.exit(problems === 0 && count > 0 ? 0 : 1);
