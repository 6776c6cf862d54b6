// blake2b.js — BLAKE2b (RFC 7693), unkeyed, written for parley's page.
//
// parley hashes every statement, text and link with BLAKE2b-256
// (libsodium's crypto_generichash with a 32-byte output). WebCrypto has no
// BLAKE2, so the page carries its own: 64-bit words as pairs of 32-bit
// halves in a Uint32Array (low half first), the compression function F of
// RFC 7693 section 3.2 with the mixing function G of section 3.1.

// The initialisation vector (RFC 7693 section 2.6), as [low, high] pairs.
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372,
  0x5f1d36f1, 0xa54ff53a, 0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c,
  0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// The message schedule (RFC 7693 section 2.7); rounds 10 and 11 reuse 0 and 1.
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
].map((row) => row.map((i) => 2 * i)); // indexes of the low halves in m

const v = new Uint32Array(32); // the working vector, shared: nothing here is reentrant
const m = new Uint32Array(32); // the current block as sixteen words

// v[a] += v[b] + (m[x] as a 64-bit word), modulo 2^64.
function add(a, b) {
  const lo = v[a] + v[b];
  v[a + 1] = v[a + 1] + v[b + 1] + (lo > 0xffffffff ? 1 : 0);
  v[a] = lo;
}
function addWord(a, x) {
  const lo = v[a] + m[x];
  v[a + 1] = v[a + 1] + m[x + 1] + (lo > 0xffffffff ? 1 : 0);
  v[a] = lo;
}

// G (RFC 7693 section 3.1) on words a, b, c, d of v with message words x, y;
// the rotations right by 32, 24, 16 and 63 are done on the halves.
function mix(a, b, c, d, x, y) {
  add(a, b);
  addWord(a, x);
  let lo = v[d] ^ v[a], hi = v[d + 1] ^ v[a + 1];
  v[d] = hi; // >>> 32
  v[d + 1] = lo;
  add(c, d);
  lo = v[b] ^ v[c]; hi = v[b + 1] ^ v[c + 1];
  v[b] = (lo >>> 24) | (hi << 8); // >>> 24
  v[b + 1] = (hi >>> 24) | (lo << 8);
  add(a, b);
  addWord(a, y);
  lo = v[d] ^ v[a]; hi = v[d + 1] ^ v[a + 1];
  v[d] = (lo >>> 16) | (hi << 16); // >>> 16
  v[d + 1] = (hi >>> 16) | (lo << 16);
  add(c, d);
  lo = v[b] ^ v[c]; hi = v[b + 1] ^ v[c + 1];
  v[b] = (hi >>> 31) | (lo << 1); // >>> 63, that is <<< 1
  v[b + 1] = (lo >>> 31) | (hi << 1);
}

// F (RFC 7693 section 3.2): compresses block[at..at+128) into h, with t the
// bytes hashed so far (below 2^53) and last set for the final block.
function compress(h, block, at, t, last) {
  for (let i = 0; i < 32; i++) {
    const k = at + 4 * i;
    m[i] = block[k] | (block[k + 1] << 8) | (block[k + 2] << 16) | (block[k + 3] << 24);
  }
  v.set(h, 0);
  v.set(IV, 16);
  v[24] ^= t >>> 0;
  v[25] ^= Math.floor(t / 0x100000000);
  if (last) {
    v[28] = ~v[28];
    v[29] = ~v[29];
  }
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10];
    mix(0, 8, 16, 24, s[0], s[1]);
    mix(2, 10, 18, 26, s[2], s[3]);
    mix(4, 12, 20, 28, s[4], s[5]);
    mix(6, 14, 22, 30, s[6], s[7]);
    mix(0, 10, 20, 30, s[8], s[9]);
    mix(2, 12, 22, 24, s[10], s[11]);
    mix(4, 14, 16, 26, s[12], s[13]);
    mix(6, 8, 18, 28, s[14], s[15]);
  }
  for (let i = 0; i < 16; i++) h[i] ^= v[i] ^ v[i + 16];
}

const encoder = new TextEncoder();

// A streaming hash: new Blake2b(outlen).update(bytes or string)...digest().
export class Blake2b {
  constructor(outlen = 32) {
    if (!(outlen >= 1 && outlen <= 64)) throw new RangeError('BLAKE2b output is 1 to 64 bytes');
    this.outlen = outlen;
    this.h = new Uint32Array(IV);
    this.h[0] ^= 0x01010000 ^ outlen; // parameter block: depth 1, fanout 1, no key
    this.buffer = new Uint8Array(128);
    this.filled = 0;
    this.t = 0;
  }

  update(input) {
    const bytes = typeof input === 'string' ? encoder.encode(input) : input;
    let at = 0;
    while (at < bytes.length) {
      // A full buffer is compressed only once more input follows: the last
      // block must be compressed with the final flag.
      if (this.filled === 128) {
        this.t += 128;
        compress(this.h, this.buffer, 0, this.t, false);
        this.filled = 0;
      }
      const take = Math.min(128 - this.filled, bytes.length - at);
      this.buffer.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
    }
    return this;
  }

  digest() {
    this.t += this.filled;
    this.buffer.fill(0, this.filled);
    compress(this.h, this.buffer, 0, this.t, true);
    const out = new Uint8Array(this.outlen);
    for (let i = 0; i < this.outlen; i++) out[i] = this.h[i >> 2] >>> (8 * (i & 3));
    return out;
  }
}

// BLAKE2b-256 of the concatenation of parts (strings are hashed as UTF-8).
export function blake2b256(...parts) {
  const hash = new Blake2b(32);
  for (const part of parts) hash.update(part);
  return hash.digest();
}
