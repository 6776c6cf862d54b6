// api.js — every call of the page to parley's API, signed in the page
// (docs/remote.md): get() for reads, change() for prepare → check → sign →
// commit, enrol() for a new device. Mirrors src/client/client.c.

import { blake2b256 } from './blake2b.js';
import { canonical } from './canon.js';
import { hex, utf8 } from './bytes.js';
import { queryString, signHeaders } from './httpsig.js';

const RETRIES = 5; // as PL_CLIENT_RETRIES: a stale commit is prepared again
const MEDIA = {
  json: 'application/json',
  html: 'text/html',
  text: 'text/plain',
  markdown: 'text/markdown',
  ics: 'text/calendar',
  csv: 'text/csv',
};

let signer = null; // {keyid, sign}
let who = null; // the delegate's name, for the checks of change()
let base = ''; // '' in the page; an origin in Node tests

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function useSigner(newSigner, name) {
  signer = newSigner;
  who = name ?? null;
}
export function setBase(origin) {
  base = origin;
}
export function currentSigner() {
  return signer;
}

// For links (an .ics to subscribe to): the unsigned URL.
export function url(path, query = {}) {
  const q = queryString(query);
  return base + path + (q ? '?' + q : '');
}

// One signed request; the answer's text, or an ApiError with the server's
// code and message (the CLI's line).
export async function request(method, path, { query = {}, body = '', accept = 'json', by = signer, signal } = {}) {
  if (!by) throw new ApiError(401, 'signed_out', 'not signed in');
  const q = queryString(query);
  const bytes = utf8(body);
  const headers = await signHeaders(by, method, path, q, bytes);
  headers.Accept = MEDIA[accept] ?? accept;
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let answer;
  try {
    answer = await fetch(base + path + (q ? '?' + q : ''), {
      method,
      headers,
      body: method === 'GET' ? undefined : bytes,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'the server cannot be reached');
  }
  if (!answer.ok) {
    let code = 'http_' + answer.status, message = answer.statusText;
    try {
      const doc = await answer.json();
      code = doc.error.code;
      message = doc.error.message;
    } catch {
      /* not parley's error body: keep the status */
    }
    throw new ApiError(answer.status, code, message);
  }
  return answer;
}

// GETs asked for ahead of their view (prefetch below), each taken once.
const ahead = new Map();

// A signed GET of /api/...: JSON parsed, or the text for another accept.
export async function get(path, query = {}, { accept = 'json', signal } = {}) {
  const key = `${accept} ${path}?${queryString(query)}`;
  const early = ahead.get(key);
  if (early && !signal) {
    ahead.delete(key);
    return early;
  }
  const answer = await request('GET', path, { query, accept, signal });
  return accept === 'json' ? answer.json() : answer.text();
}

// Starts a GET that a view is about to make, so that it is on its way
// while the page still loads its words: the first get() of the same
// request takes its answer (or its error). Not taken within ten seconds,
// it is forgotten.
export function prefetch(path, query = {}, { accept = 'json' } = {}) {
  const key = `${accept} ${path}?${queryString(query)}`;
  const answer = request('GET', path, { query, accept }).then((a) => (accept === 'json' ? a.json() : a.text()));
  answer.catch(() => {}); // seen by the view's get(), not here
  ahead.set(key, answer);
  setTimeout(() => ahead.get(key) === answer && ahead.delete(key), 10000);
}

// The checks of src/client/client.c before anything is signed: a prepared
// document, statements each acted by me, of a kind the caller allows,
// hashing to what the server says and in canonical form; the texts hashing
// to their names (pl_prepared_sign). Returns the parley.signed/1 text.
async function signPrepared(doc, kinds) {
  if (!doc || doc.schema !== 'parley.prepared/1' || typeof doc.result !== 'object')
    throw new ApiError(0, 'refused', "the server's answer is not a parley.prepared/1 document with a result");
  if (!Array.isArray(doc.statements) || doc.statements.length === 0)
    throw new ApiError(0, 'refused', 'the server prepared nothing to sign');
  const texts = doc.texts ?? {};
  for (const [name, text] of Object.entries(texts))
    if (typeof text !== 'string' || hex(blake2b256(text)) !== name)
      throw new ApiError(0, 'refused', `the text ${name.slice(0, 16)}... does not match its hash`);
  const signed = [];
  for (const [i, item] of doc.statements.entries()) {
    let statement;
    try {
      statement = JSON.parse(item.statement);
    } catch {
      throw new ApiError(0, 'refused', 'the server prepared a malformed statement');
    }
    if (canonical(statement) !== item.statement)
      throw new ApiError(0, 'refused', `statement ${i + 1} is not a statement in canonical form`);
    if (hex(blake2b256(item.statement)) !== item.hash)
      throw new ApiError(0, 'refused', `statement ${i + 1} is not what its hash says`);
    if (statement.actor !== who)
      throw new ApiError(0, 'refused', `the server asked ${who} to sign a statement of ${statement.actor}; nothing signed`);
    if (kinds && !kinds.includes(statement.kind))
      throw new ApiError(0, 'refused', `the server asked to sign a '${statement.kind}' statement, which this change does not make; nothing signed`);
    const signature = await signer.sign(blake2b256(item.statement));
    signed.push({ signature: hex(signature), statement: item.statement });
  }
  return canonical({ schema: 'parley.signed/1', statements: signed, texts });
}

// A change: POST path (prepare) → check → sign → POST /api/commit; on 409
// "stale" prepared again, five times at most. kinds: the statement kinds
// this change may make (the others are refused unsigned). Returns the
// prepare's "result".
export async function change(path, body, { kinds } = {}) {
  const text = JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    const prepared = await (await request('POST', path, { body: text })).json();
    // Nothing to record by the server's account (an import of the text the
    // document holds already): nothing is signed, the result says so.
    if (Array.isArray(prepared?.statements) && prepared.statements.length === 0 && prepared.result?.unchanged === true) return prepared.result;
    const signedDoc = await signPrepared(prepared, kinds);
    try {
      await request('POST', '/api/commit', { body: signedDoc });
      return prepared.result;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'stale' && attempt < RETRIES)) throw error;
    }
  }
}

// POST /api/enrol: the signed enrolment, the request signed with the new key.
export async function enrol(signedDoc, device) {
  return (await request('POST', '/api/enrol', { body: signedDoc, by: device })).json();
}
