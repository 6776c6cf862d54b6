// keys.js — the delegate's key in this browser: an Ed25519 key made or
// imported by WebCrypto as non-extractable (the page can sign with it, no
// script can read it out), kept in IndexedDB; and the enrolment of a new
// device with a one-time code, as pl_enrol_sign does it in C
// (src/lib/signing.c).

import { blake2b256 } from './blake2b.js';
import { canonical } from './canon.js';
import { concat, fromBase64url, hex, unhex, utf8 } from './bytes.js';

const ED25519 = { name: 'Ed25519' };
// PKCS#8 (RFC 8410) of an Ed25519 private key is this fixed prefix and the
// 32-byte seed: WebCrypto imports a raw seed through it.
const PKCS8_PREFIX = unhex('302e020100300506032b657004220420');
const KEY_FILE_MAGIC = 'parley-ed25519-secret-v1 ';

// A signer: what api.js and httpsig.js sign with.
export function signerOf(privateKey, publicKey) {
  const keyid = hex(publicKey);
  return {
    keyid,
    publicKey,
    privateKey,
    async sign(bytes) {
      return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, bytes));
    },
  };
}

function importSeed(seed, extractable) {
  return crypto.subtle.importKey('pkcs8', concat(PKCS8_PREFIX, seed), ED25519, extractable, [
    'sign',
  ]);
}

// A fresh key for this device: the private half non-extractable.
export async function generate() {
  const pair = await crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return signerOf(pair.privateKey, publicKey);
}

// The key of a file 'parley keygen' wrote: "parley-ed25519-secret-v1 " and
// 128 hex digits (seed, then public key). Imported non-extractable; the
// public half is checked against a signature made with the seed.
export async function fromKeyFile(text) {
  const body = text.trim();
  const bytes = body.startsWith(KEY_FILE_MAGIC) ? unhex(body.slice(KEY_FILE_MAGIC.length)) : null;
  if (!bytes || bytes.length !== 64) throw new KeyError('keyfile_malformed');
  const seed = bytes.slice(0, 32), publicKey = bytes.slice(32);
  const privateKey = await importSeed(seed, false);
  seed.fill(0);
  bytes.fill(0);
  const probe = utf8('parley: does this key hold together?');
  const signature = await crypto.subtle.sign(ED25519, privateKey, probe);
  const verifier = await crypto.subtle.importKey('raw', publicKey, ED25519, false, ['verify']);
  if (!(await crypto.subtle.verify(ED25519, verifier, signature, probe)))
    throw new KeyError('keyfile_mismatch');
  return signerOf(privateKey, publicKey);
}

export class KeyError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

// Crockford's base 32, as code_normalize in signing.c reads a code: case
// folded, dashes and spaces dropped, O read as 0 and I, L as 1.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function normalizeCode(code) {
  let out = '';
  for (let ch of String(code).toUpperCase()) {
    if (ch === '-' || ch === ' ') continue;
    ch = ch === 'O' ? '0' : ch === 'I' || ch === 'L' ? '1' : ch;
    if (!CODE_ALPHABET.includes(ch) || out.length === 32) return null;
    out += ch;
  }
  return out.length === 32 ? out : null;
}

// The invitation's key pair (pl_invite_pair): seed = BLAKE2b-256 of
// "parley.invite/1\n" and the normalized code. Its public half is read from
// the key's JWK ("x"), so the key is imported extractable; it lives only
// for this enrolment.
export async function invitePair(code) {
  const normal = normalizeCode(code);
  if (!normal) throw new KeyError('code_malformed');
  const seed = blake2b256('parley.invite/1\n', normal);
  const privateKey = await importSeed(seed, true);
  seed.fill(0);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  return signerOf(privateKey, fromBase64url(jwk.x));
}

// "2025-11-22T10:00:00Z": the record's times, to the second.
export function nowText(date = new Date()) {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

// The parley.signed/1 document of an enrolment (pl_enrol_sign): the proof
// "parley.enrol/1\nNAME\nNEW-KEY" signed with the invitation's key, the
// delegate.enrol statement in the plenary signed with the device's key.
export async function enrolDocument(name, code, device, at = nowText()) {
  const invite = await invitePair(code);
  const proof = await invite.sign(utf8(`parley.enrol/1\n${name}\n${device.keyid}`));
  const payload = { invite: invite.keyid, name, proof: hex(proof), public_key: device.keyid };
  const statement = canonical({
    actor: name,
    after: null,
    at,
    kind: 'delegate.enrol',
    payload,
    track: 'plenary',
  });
  const signature = await device.sign(blake2b256(statement));
  return canonical({
    schema: 'parley.signed/1',
    statements: [{ signature: hex(signature), statement }],
    texts: {},
  });
}

// --- IndexedDB: one record, the signed-in delegate --------------------------

const DB_NAME = 'parley', STORE = 'keys', RECORD = 'me';

// One connection for the page's life: opening one costs tens of
// milliseconds, on the way to the first signed request.
let opened = null;
function database() {
  opened ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => {
      open.result.onversionchange = () => {
        open.result.close();
        opened = null;
      };
      resolve(open.result);
    };
    open.onerror = () => {
      opened = null;
      reject(open.error);
    };
  });
  return opened;
}

async function transact(mode, action) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = action(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
  });
}

// Keeps the signer with who it is: {name, party, negotiation}.
export function save(signer, who) {
  const record = { ...who, keyid: signer.keyid, publicKey: signer.publicKey, privateKey: signer.privateKey };
  return transact('readwrite', (store) => store.put(record, RECORD));
}

// {signer, me} of this browser, or null.
export async function load() {
  const record = await transact('readonly', (store) => store.get(RECORD));
  if (!record || !record.privateKey) return null;
  const { privateKey, publicKey, ...me } = record;
  return { signer: signerOf(privateKey, new Uint8Array(publicKey)), me };
}

export function forget() {
  return transact('readwrite', (store) => store.delete(RECORD));
}
