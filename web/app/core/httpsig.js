// httpsig.js — the page's side of parley's RFC 9421 profile (docs/remote.md,
// src/net/httpsig.c): Content-Digest (RFC 9530, SHA-256 by WebCrypto), the
// signature base of RFC 9421 section 2.5 over "@method", "@path", "@query"
// and "content-digest", and the Ed25519 signature over it.

import { base64, base64url, random, utf8 } from './bytes.js';

const COMPONENTS = '("@method" "@path" "@query" "content-digest")';

// Percent-encodes every byte of value but letters, digits, '-', '.', '_',
// '~' and '@', as the C client does (pl_client_escape): the target is signed
// exactly as sent, and nothing a URL parser might re-encode is left bare.
export function escape(value) {
  let out = '';
  for (const b of utf8(String(value))) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-._~@]/.test(c)) out += c;
    else out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

// "a=1&b=2" from an object (undefined and null members left out, in the
// object's order); "" when empty.
export function queryString(query = {}) {
  return Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== false)
    .map(([name, value]) => `${escape(name)}=${value === true ? '1' : escape(value)}`)
    .join('&');
}

export async function contentDigest(body) {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return `sha-256=:${base64(hash)}:`;
}

// What follows "parley=" in Signature-Input.
export function signatureParams(created, keyid, nonce) {
  return `${COMPONENTS};created=${created};keyid="${keyid}";alg="ed25519";nonce="${nonce}"`;
}

// The signature base of RFC 9421 section 2.5 under the profile; query
// without its "?" ("" when none).
export function signatureBase(method, path, query, digest, params) {
  if (!/^[!-~]+$/.test(method) || !/^\/[!-~]*$/.test(path) || !/^[!-~]*$/.test(query))
    throw new Error('a request target must be printable ASCII, percent-encoded');
  return (
    `"@method": ${method}\n"@path": ${path}\n"@query": ?${query}\n` +
    `"content-digest": ${digest}\n"@signature-params": ${params}`
  );
}

// The three headers of a signed request. signer: {keyid (64 hex), sign(bytes)
// -> Promise<Uint8Array>}; body: Uint8Array (empty for a GET).
export async function signHeaders(signer, method, path, query, body, created, nonce) {
  const digest = await contentDigest(body);
  const when = created ?? Math.floor(Date.now() / 1000);
  const params = signatureParams(when, signer.keyid, nonce ?? base64url(random(24)));
  const base = signatureBase(method, path, query, digest, params);
  const signature = await signer.sign(utf8(base));
  return {
    'Content-Digest': digest,
    'Signature-Input': `parley=${params}`,
    Signature: `parley=:${base64(signature)}:`,
  };
}
