// main.js — the page's entry: the language, the delegate's key, the
// layout, the router (History API) over every route of the interface
// (web-contract.md), the live banner. Views are ES modules loaded when
// first visited; each gets a ctx (below) and may return a cleanup.

import * as api from './core/api.js';
import * as i18n from './core/i18n.js';
import * as keys from './core/keys.js';
import * as live from './core/live.js';
import { h, clear, hidden } from './core/dom.js';
import { banner, layout, markings, setNavState } from './core/layout.js';

// Most specific first: the first pattern that matches wins.
const ROUTES = [
  ['/', 'home'],
  ['/signin', 'signin', { open: true }],
  ['/keys', 'keys'],
  ['/compare', 'compare'],
  ['/timeline', 'timeline'],
  ['/meetings', 'meetings'],
  ['/record', 'record'],
  ['/statements', 'statements'],
  ['/import', 'import'],
  ['/tracks', 'tracks'],
  ['/d/:doc/a/:id', 'amendment'],
  ['/d/:doc/redline', 'redline'],
  ['/d/:doc/progress', 'progress'],
  ['/d/:ref/text', 'text'],
  ['/d/:ref/matrix', 'matrix'],
  ['/d/:ref/p/:point/amend', 'amend'],
  ['/d/:ref/p/:point', 'point'],
  ['/d/:ref', 'plan'],
].map(([pattern, view, options = {}]) => ({ pattern, view, ...options, parts: pattern.split('/').slice(1) }));

export function match(path) {
  const parts = path.replace(/\/+$/, '').split('/').slice(1);
  if (path === '/' || path === '') return { route: ROUTES[0], params: {} };
  for (const route of ROUTES) {
    if (route.parts.length !== parts.length || route.pattern === '/') continue;
    const params = {};
    let ok = true;
    route.parts.forEach((p, i) => {
      if (!ok) return;
      if (p.startsWith(':')) {
        try {
          params[p.slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
        }
        if (!parts[i]) ok = false;
      } else if (p !== parts[i]) ok = false;
    });
    if (ok) {
      // A ref names a version (framework@2); doc is its document.
      if (params.ref && !params.doc) params.doc = params.ref.split('@')[0];
      return { route, params };
    }
  }
  return null;
}

const session = { signer: null, me: null };
let cleanup = null;
let unsubscribers = [];
let generation = 0;

function link(path) {
  return path.split('/').map((p, i) => (i ? encodeURIComponent(p).replace(/%40/g, '@') : p)).join('/');
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render();
}

function setTitle(text) {
  document.title = text ? `${text} — parley` : 'parley';
  const heading = document.getElementById('page-title');
  if (heading) heading.textContent = text;
}

function failure(root, error) {
  const message = error instanceof api.ApiError ? error.message : String(error?.message ?? error);
  const notFound = error instanceof api.ApiError && error.status === 404;
  // Not found looks the same whatever the reason (absent, or not shared).
  if (notFound) setTitle(i18n.t('error.not_found'));
  root.append(
    h('div', { class: 'notice notice-error', role: 'alert' },
      notFound ? null : h('p', { class: 'notice-title', text: i18n.t('error.title') }),
      h('p', { text: notFound ? i18n.t('error.not_found.detail') : message }),
      h('p', {}, h('a', { href: '/', text: i18n.t('nav.home') }))),
  );
}

async function render({ quiet = false } = {}) {
  const mine = ++generation;
  const scroll = quiet ? window.scrollY : 0;
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  unsubscribers.forEach((u) => u());
  unsubscribers = [];
  const url = new URL(location.href);
  const found = match(url.pathname);
  const main = document.getElementById('main');
  clear(main);
  const heading = h('h1', { id: 'page-title', tabindex: '-1' });
  const root = h('div', { class: 'view' });
  main.append(heading, root);
  if (!session.me && !(found && found.route.open)) {
    return navigate('/signin', { replace: true });
  }
  setNavState(url.pathname, found?.params ?? {}, session.me);
  if (!found) {
    setTitle(i18n.t('error.not_found'));
    root.append(h('p', { text: i18n.t('error.no_page') }), h('p', {}, h('a', { href: '/', text: i18n.t('nav.home') })));
    return;
  }
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    root,
    params: found.params,
    query: url.searchParams,
    me: session.me,
    api,
    t: i18n.t,
    i18n,
    live(predicate, callback) {
      const off = live.subscribe(predicate, callback);
      unsubscribers.push(off);
      return off;
    },
    title: setTitle,
    markings,
    navigate,
    // Renders this view again in place (live news), keeping focus and scroll.
    refresh: () => render({ quiet: true }),
    link,
    session: { signIn, signOut },
  };
  let module;
  try {
    module = await import(`./views/${found.route.view}.js`);
  } catch (error) {
    console.error(error);
    setTitle(i18n.t('error.view_missing.title'));
    root.append(h('div', { class: 'notice notice-error', role: 'alert' },
      h('p', { text: i18n.t('error.view_missing', { view: found.route.view }) })));
    main.removeAttribute('aria-busy');
    return;
  }
  if (mine !== generation) return;
  try {
    const result = await module.default(ctx);
    if (mine === generation && typeof result === 'function') cleanup = result;
    else if (typeof result === 'function') result();
  } catch (error) {
    console.error(error);
    if (error instanceof api.ApiError && (error.code === 'unknown_key')) {
      await signOut({ reason: 'error.key_unknown' });
      return;
    }
    if (mine === generation) failure(root, error);
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy');
  }
  // A new page starts at its heading, unless the view put the focus
  // somewhere itself (the amend view, in its editor).
  if (quiet) window.scrollTo(0, scroll);
  else if (mine === generation && render.count++ > 0 && !main.contains(document.activeElement)) heading.focus({ preventScroll: true });
}
render.count = 0;

// The banner names what another delegate did: my own act is already in
// front of me (and a banner over the page I just made would hide it).
function news(event) {
  if (session.me && event.actor === session.me.name) return;
  banner(event);
}

// Signed in: the signer kept in IndexedDB, the live stream started.
export async function signIn(signer, me) {
  await keys.save(signer, me);
  session.signer = signer;
  session.me = { ...me, keyid: signer.keyid };
  api.useSigner(signer, me.name);
  layout(session.me, { navigate, signOut, chooseLanguage });
  live.start(session.me, news);
}

// Forgets this browser's key, and nothing on the server.
export async function signOut({ reason } = {}) {
  live.stop();
  await keys.forget();
  session.signer = null;
  session.me = null;
  api.useSigner(null);
  layout(null, { navigate, signOut, chooseLanguage });
  if (reason) sessionStorage.setItem('parley.signin.reason', reason);
  return navigate('/signin', { replace: true });
}

async function chooseLanguage(code) {
  await i18n.choose(code);
  layout(session.me, { navigate, signOut, chooseLanguage });
  return render();
}

// Same-origin links are routed here, not loaded again.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  // An SVG <a>'s href is an SVGAnimatedString, not a string.
  const url = new URL(typeof a.href === 'string' ? a.href : a.href.baseVal, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/app/')) return;
  event.preventDefault();
  if (url.pathname === location.pathname && url.search === location.search && url.hash) {
    document.getElementById(url.hash.slice(1))?.scrollIntoView();
    return;
  }
  navigate(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', () => render());

async function boot() {
  // The catalogues, the key and the first view's module are fetched at
  // once; as soon as the key is in, the first view's data is asked for
  // (its prefetch), while the catalogues may still be on their way.
  const first = match(location.pathname);
  const view = first ? import(`./views/${first.route.view}.js`) : null;
  view?.catch(() => {});
  const words = i18n.load();
  const stored = await keys.load().catch((error) => {
    console.error(error);
    return null;
  });
  if (stored) {
    session.signer = stored.signer;
    session.me = { ...stored.me, keyid: stored.signer.keyid };
    api.useSigner(stored.signer, stored.me.name);
    live.start(session.me, news);
    if (first && !first.route.open) {
      const module = await view.catch(() => null);
      try {
        module?.prefetch?.({ api, params: first.params, query: new URL(location.href).searchParams, me: session.me });
      } catch (error) {
        console.error(error);
      }
    }
  }
  await words;
  layout(session.me, { navigate, signOut, chooseLanguage });
  await render();
  document.documentElement.dataset.ready = 'true';
}

boot();
