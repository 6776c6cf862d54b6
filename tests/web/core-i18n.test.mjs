// The catalogues: every key of core.en.json is in French and Ukrainian,
// with the same placeholders and plural forms for their languages; every
// key the code asks for exists.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './harness.mjs';

const read = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'web/i18n', name), 'utf8'));
const en = read('core.en.json');
const placeholders = (m) => [...new Set(JSON.stringify(m).match(/\{\w+\}/g) ?? [])].sort();

for (const lang of ['fr', 'uk']) {
  test(`core.${lang}.json is complete`, () => {
    const other = read(`core.${lang}.json`);
    assert.deepEqual(Object.keys(en).filter((k) => !(k in other)), [], 'missing keys');
    assert.deepEqual(Object.keys(other).filter((k) => !(k in en)), [], 'keys English lacks');
    const rules = new Intl.PluralRules(lang);
    for (const [key, message] of Object.entries(en)) {
      assert.deepEqual(placeholders(other[key]), placeholders(message), `${key}: placeholders`);
      if (typeof other[key] === 'object')
        for (const form of rules.resolvedOptions().pluralCategories) assert.ok(other[key][form] || other[key].other, `${key}: form ${form}`);
      assert.notEqual(typeof other[key] === 'string' ? other[key].trim() : 'x', '', `${key}: empty`);
    }
  });
}

test('every message the code asks for is in core.en.json', () => {
  const dir = path.join(ROOT, 'web/app');
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => /\.js$/.test(f) && !/views\/(redline|text|progress|compare|matrix|timeline|meetings|record)\.js$/.test(f) && !/components\//.test(f));
  const asked = new Set();
  for (const f of files) for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\bt\('([a-z_.-]+)'/g)) asked.add(m[1]);
  const missing = [...asked].filter((k) => !k.endsWith('.') && !(k in en));
  assert.deepEqual(missing, []);
});
