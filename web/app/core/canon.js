// canon.js — parley's canonical JSON (docs/signing.md): keys sorted by their
// bytes, compact, UTF-8 as is, written the way jansson writes it
// (JSON_SORT_KEYS | JSON_COMPACT): '"' and '\' escaped, the short escapes
// \b \f \n \r \t, other control characters as \u00XX in upper case.

function string(text) {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 0x20) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

// Orders keys as strcmp orders their UTF-8 bytes, which is code point order.
function byCodePoint(a, b) {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

export function canonical(value) {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('a number that JSON cannot hold');
    return String(value);
  }
  if (typeof value === 'string') return string(value);
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const keys = Object.keys(value).sort(byCodePoint);
  return '{' + keys.map((k) => string(k) + ':' + canonical(value[k])).join(',') + '}';
}
