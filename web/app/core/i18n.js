// i18n.js — the interface's words, from message catalogues: for a language
// L, web/i18n/core.L.json (webcore's) and web/i18n/views.L.json (webviews')
// merged, over English for anything a catalogue lacks. A message is a
// string with {name} placeholders, or, where a count decides the form, an
// object of plural forms ({"one": …, "few": …, "other": …}) chosen by
// Intl.PluralRules. The plan's own text is never translated.

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'uk', name: 'Українська' },
];
const STORAGE = 'parley.lang';

let lang = 'en';
let messages = {};
const reported = new Set();

async function catalogue(name) {
  try {
    // Same-origin credentials, as index.html's preload of core.en.json.
    const answer = await fetch(`/i18n/${name}.json`);
    return answer.ok ? await answer.json() : {};
  } catch {
    return {};
  }
}

export function chosen() {
  const stored = localStorage.getItem(STORAGE);
  if (LANGUAGES.some((l) => l.code === stored)) return stored;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const code = String(wanted).slice(0, 2).toLowerCase();
    if (LANGUAGES.some((l) => l.code === code)) return code;
  }
  return 'en';
}

// Loads the catalogues of code (default: the stored or browser language).
export async function load(code = chosen()) {
  lang = LANGUAGES.some((l) => l.code === code) ? code : 'en';
  const names = ['core.en', 'views.en'];
  if (lang !== 'en') names.push(`core.${lang}`, `views.${lang}`);
  const parts = await Promise.all(names.map(catalogue));
  messages = Object.assign({}, ...parts);
  document.documentElement.lang = lang;
  return lang;
}

export function choose(code) {
  localStorage.setItem(STORAGE, code);
  return load(code);
}

export function current() {
  return lang;
}

// The message of key in the current language, {name} filled from vars; a
// missing key is returned as itself (and reported once on the console).
export function t(key, vars = {}) {
  let message = messages[key];
  if (message === undefined) {
    if (!reported.has(key)) {
      reported.add(key);
      console.warn(`parley: no message for '${key}'`);
    }
    return key;
  }
  if (typeof message === 'object') {
    const form = new Intl.PluralRules(lang).select(Number(vars.count ?? 0));
    message = message[form] ?? message.other;
  }
  return message.replace(/\{(\w+)\}/g, (all, name) => (name in vars ? String(vars[name]) : all));
}

export function has(key) {
  return key in messages;
}

// Dates of the record ("2025-11-24" or "2025-11-24T12:00:00Z") for reading.
export function date(text, { time = false } = {}) {
  if (!text) return '';
  const when = new Date(text.length === 10 ? text + 'T00:00:00Z' : text);
  if (Number.isNaN(when.getTime())) return text;
  const options = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  if (time) Object.assign(options, { hour: '2-digit', minute: '2-digit' });
  return new Intl.DateTimeFormat(lang, options).format(when);
}

export function number(value) {
  return new Intl.NumberFormat(lang).format(value);
}
