// Verifies a credential with Digital Bazaar's Verifiable Credentials
// libraries (an implementation independent of layerlab): the did:key is
// resolved by their did:key driver, the proof checked by their
// eddsa-jcs-2022 cryptosuite, the JSON-LD contexts served from the copies
// in tests/credential/contexts and layerlab's own context (the file
// LAYERLAB_CONTEXT names, whatever institution URL it is published under),
// no network. A credential's revocation status is checked against the
// signed status list STATUS_LIST names (verified by the same libraries,
// then its bitstring read with Node's own gunzip).
//   node verify_vc.mjs CONTEXT_DIR FILE...
// Prints "accepted FILE" or "rejected FILE: why" per file; exit 0 when all
// were accepted, 1 otherwise.
//   node verify_vc.mjs CONTEXT_DIR --tamper-all FILE
// Changes every single value of FILE in turn (strings, numbers, booleans,
// anywhere in the document, the proof included) and verifies each copy;
// exit 0 when the original is accepted and every copy rejected.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as DidKey from '@digitalbazaar/did-method-key';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const [contextDir, ...files] = process.argv.slice(2);
const local = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-context-3.0.3.json',
  'https://www.w3.org/ns/credentials/undefined-terms/v2': 'undefined-terms-v2.jsonld',
};
const contexts = new Map();
for (const [url, file] of Object.entries(local))
  contexts.set(url, JSON.parse(fs.readFileSync(path.join(contextDir, file), 'utf8')));
for (const [url, doc] of didContext.contexts) contexts.set(url, doc);
for (const [url, doc] of multikeyContext.contexts) contexts.set(url, doc);

const didKeyDriver = DidKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

const layerlabContext = process.env.LAYERLAB_CONTEXT ?
  JSON.parse(fs.readFileSync(process.env.LAYERLAB_CONTEXT, 'utf8')) : null;

async function documentLoader(url) {
  if (layerlabContext && url.endsWith('/layerlab/credentials-v1.jsonld'))
    return {contextUrl: null, documentUrl: url, document: layerlabContext};
  if (contexts.has(url))
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new Error(`refusing to load ${url}: the verifier works offline`);
}

const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});

// BitstringStatusListEntry: the list must verify, come from the same
// issuer, be the one the entry names, and have the entry's bit clear.
const statusList = process.env.STATUS_LIST ?
  JSON.parse(fs.readFileSync(process.env.STATUS_LIST, 'utf8')) : null;
async function checkStatus({credential}) {
  const entry = credential.credentialStatus;
  if (!statusList)
    return {verified: false, error: new Error('no status list given (STATUS_LIST)')};
  const list = await vc.verifyCredential({credential: statusList, suite, documentLoader});
  if (!list.verified)
    return {verified: false, error: new Error('the status list does not verify')};
  const issuer = (c) => typeof c.issuer === 'string' ? c.issuer : c.issuer.id;
  if (issuer(statusList) !== issuer(credential) || statusList.id !== entry.statusListCredential ||
      entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation')
    return {verified: false, error: new Error('not the issuer\'s revocation list')};
  const encoded = statusList.credentialSubject.encodedList;
  const bits = zlib.gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  const index = Number(entry.statusListIndex);
  const revoked = (bits[index >> 3] >> (7 - (index & 7))) & 1;
  return revoked ? {verified: false, error: new Error(`revoked (bit ${index})`)} : {verified: true};
}

async function verified(credential) {
  try {
    const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
    return result.verified;
  } catch (e) {
    return false;
  }
}

// Paths to every leaf value: [["issuer", "name"], ["type", 0], ...].
function leaves(v, path = []) {
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, c]) =>
      leaves(c, [...path, Array.isArray(v) ? Number(k) : k]));
  return [path];
}

function changed(v) {
  if (typeof v === 'string') return v + 'x';
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  return 'x';
}

if (files[0] === '--tamper-all') {
  const original = JSON.parse(fs.readFileSync(files[1], 'utf8'));
  if (!await verified(original)) {
    console.log(`rejected ${files[1]} before any change`);
    process.exit(1);
  }
  let accepted = 0;
  const paths = leaves(original);
  for (const p of paths) {
    const copy = structuredClone(original);
    let parent = copy;
    for (const k of p.slice(0, -1)) parent = parent[k];
    parent[p.at(-1)] = changed(parent[p.at(-1)]);
    if (await verified(copy)) {
      accepted++;
      console.log(`accepted after changing ${p.join('.')}`);
    }
  }
  console.log(`${paths.length} single-value changes, ${paths.length - accepted} rejected`);
  process.exit(accepted === 0 ? 0 : 1);
}

let allOk = true;
for (const file of files) {
  const credential = JSON.parse(fs.readFileSync(file, 'utf8'));
  let result;
  try {
    result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  } catch (e) {
    result = {verified: false, error: e};
  }
  if (result.verified) {
    console.log(`accepted ${file}`);
  } else {
    allOk = false;
    const errors = [];
    const collect = (e) => {
      if (!e) return;
      if (e.errors) e.errors.forEach(collect);
      else errors.push(e.message || String(e));
    };
    collect(result.error);
    for (const r of result.results || []) collect(r.error);
    if (result.statusResult) collect(result.statusResult.error);
    console.log(`rejected ${file}: ${errors.join('; ') || 'not verified'}`);
  }
}
process.exit(allOk ? 0 : 1);
