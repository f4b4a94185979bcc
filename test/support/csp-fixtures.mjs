// Test-server routes for the integration tests (Koa middleware run by web-test-runner): a fake
// partner backend and a fake Finsify for the framework examples under demo/frameworks/ and for the
// strict-CSP pages, all against the BUILT package (dist/).
//
//   GET  /finsify/service.json              the sample catalog; its media on the test server's
//                                           other host name (localhost <-> 127.0.0.1), a second origin
//   POST /finsify/token                     a token whose connect_url is the fake Finsify below; the
//                                           app is read from the Referer (demo/frameworks/<app>/, integration/<app>)
//   GET  /finsify/connect?state=&app=       fake Finsify: redirects to the app's callback with a success
//   GET  /finsify/<app>/callback/<state>/<json>   the app's callback page (its own, else one running
//                                           the built finsify-connect/callback)
//   POST /finsify/logins                    where the examples send { login_id, secret }
//   (a `fixture-outcome` cookie of `expire` makes the token route answer 400 TokenExpire, and
//   `cancel` makes the fake Finsify end the flow with status `cancel`)
//   GET  /integration/csp/<key>/<iife|esm>/<self|nonce>   a page served with the strict CSP (scripts
//                                           allowed by 'self', or by a fresh nonce and 'strict-dynamic'), reporting to:
//   POST /integration/csp-report/<key>      collects violation reports; GET /integration/csp-reports/<key>[?clear=1] lists them
//   GET  /integration/sri?integrity=        a page loading the IIFE under the given SRI hash
//                        &pack=&packIntegrity=  and then a locale pack under its own
//   GET  /integration/page?script=&module=  a blank page loading the given scripts, in order
import { readFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sampleCatalog } from './catalog-fixtures.mjs';

const root = new URL('../../', import.meta.url);
export const LOGIN_ID = 23456;
const reports = new Map();
const logins = [];

/**
 * The strict policy of issue 6 (README, "Content Security Policy"), with the catalog's media
 * origin, plus where to report. Scripts are allowed by 'self', or, given a nonce, by that nonce
 * and 'strict-dynamic' (which makes browsers ignore 'self').
 */
export function strictCsp(mediaOrigin, reportPath, nonce) {
  return [
    "default-src 'self'",
    nonce ? `script-src 'nonce-${nonce}' 'strict-dynamic'` : "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' ${mediaOrigin}`,
    "connect-src 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
    `report-uri ${reportPath}`,
  ].join('; ');
}

/** /integration/csp/<key>/<build>/<scripts>: the strict-CSP pages. */
const CSP_PAGE = /^\/integration\/csp\/([\w-]+)\/(iife|esm)\/(self|nonce)$/;

/** The same server under its other name: a second origin for catalog media. */
function mediaOrigin(context) {
  const [host, port] = context.host.split(':');
  return `${context.protocol}://${host === 'localhost' ? '127.0.0.1' : 'localhost'}:${port}`;
}

function html(context, body, headers = {}) {
  context.status = 200;
  context.type = 'text/html';
  context.set('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) context.set(name, value);
  context.body = body;
}

function json(context, body, status = 200) {
  context.status = status;
  context.type = 'application/json';
  context.set('Cache-Control', 'no-store');
  context.body = JSON.stringify(body);
}

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `react` for /demo/frameworks/react/dist/index.html, `csp~k1~iife` for /integration/csp/k1/iife/nonce. */
function appOf(referer) {
  const path = referer ? new URL(referer).pathname : '';
  const demo = /^\/demo\/frameworks\/([\w-]+)\//.exec(path);
  if (demo) return demo[1];
  const csp = CSP_PAGE.exec(path);
  if (csp) return `csp~${csp[1]}~${csp[2]}`;
  return 'page';
}

function cspPage(context, key, build, scripts) {
  // A new nonce for every response, as a partner's server makes one; every script tag carries it.
  const nonce = scripts === 'nonce' ? randomBytes(18).toString('base64') : undefined;
  const script = (attributes) => `<script${nonce ? ` nonce="${nonce}"` : ''} ${attributes}></script>`;
  const tags =
    build === 'iife'
      ? [script('src="/dist/finsify-connect.iife.js" defer'), script('src="/test/browser/integration/pages/csp-app.js" defer')]
      : // A bundler would replace nanostores' process.env.NODE_ENV; served unbundled, a shim stands in.
        [script('src="/test/browser/integration/pages/process-shim.js"'), script('type="module" src="/test/browser/integration/pages/csp-esm.js"')];
  html(
    context,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict CSP (${build}, ${scripts})</title>
${script('src="/test/browser/integration/pages/csp-probe.js"')}${tags.join('')}</head>
<body><main><h1>Connect your bank</h1>
<finsify-connect token-url="/finsify/token"><finsify-service-picker catalog-url="/finsify/service.json" country="VN"></finsify-service-picker></finsify-connect>
<ol id="events"></ol></main></body></html>`,
    { 'Content-Security-Policy': strictCsp(mediaOrigin(context), `/integration/csp-report/${key}`, nonce) },
  );
}

function callbackPage(context, app) {
  const csp = /^csp~([\w-]+)~/.exec(app);
  const own = [`demo/frameworks/${app}/dist/callback.html`, `demo/frameworks/${app}/callback.html`].map((path) => new URL(path, root)).find((url) => existsSync(url));
  const body = own
    ? readFileSync(own, 'utf8')
    : '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Connected</title><script type="module" src="/test/browser/integration/pages/callback-esm.js"></script></head><body><p>Connected. You can close this window.</p></body></html>';
  // A strict-CSP flow's callback page has script-src 'self' whichever way its page allowed
  // scripts: the README asks no more of it.
  html(context, body, {
    'Referrer-Policy': 'no-referrer',
    ...(csp ? { 'Content-Security-Policy': strictCsp(mediaOrigin(context), `/integration/csp-report/${csp[1]}`) } : {}),
  });
}

function blankPage(context) {
  const tag = (name, value) => (name === 'module' ? `<script type="module" src="${value}"></script>` : `<script src="${value}"></script>`);
  const scripts = [];
  for (const [name, value] of new URLSearchParams(context.querystring)) if (name === 'script' || name === 'module') scripts.push(tag(name, value));
  html(context, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Integration page</title><script src="/test/browser/integration/pages/error-probe.js"></script>${scripts.join('')}</head><body></body></html>`);
}

/** The test brings the hash (the one the build wrote, or a wrong one): nothing here computes it. */
function sriPage(context) {
  const clean = (value) => String(value ?? '').replace(/[^\w+/=-]/g, '');
  const hash = clean(context.query.integrity);
  // With `pack` (a locale code) and `packIntegrity`: that locale pack's script after the bundle's.
  const pack = /^[a-z]{2}$/.test(String(context.query.pack)) ? context.query.pack : '';
  const packTag = pack ? `<script src="/dist/locales/${pack}.js" integrity="${clean(context.query.packIntegrity)}" crossorigin="anonymous"></script>` : '';
  html(context, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SRI</title><script src="/dist/finsify-connect.iife.js" integrity="${hash}" crossorigin="anonymous"></script>${packTag}</head><body></body></html>`);
}

export async function cspFixtures(context, next) {
  const path = context.path;
  if (path === '/finsify/service.json') {
    context.set('Access-Control-Allow-Origin', '*');
    return json(context, sampleCatalog(mediaOrigin(context), 'integration'));
  }
  const outcome = context.cookies.get('fixture-outcome');
  if (path === '/finsify/token' && context.method === 'POST') {
    const body = await readJson(context.req);
    if (outcome === 'expire') return json(context, { error: 'TokenExpire', message: 'Your token is expired. Please create new token.', extra: {} }, 400);
    const state = typeof body?.state === 'string' ? body.state : '';
    const app = appOf(context.get('referer'));
    const connectUrl = `${context.protocol}://${context.host}/finsify/connect?${new URLSearchParams({ state, app })}`;
    return json(context, { data: { id: `tok-${app}`, connect_url: connectUrl, expires_at: '2030-01-01T00:00:00Z' }, version: 'v2' });
  }
  if (path === '/finsify/connect') {
    const { state = '', app = 'page' } = context.query;
    const result = JSON.stringify(outcome === 'cancel' ? { status: 'cancel' } : { status: 'success', login_id: LOGIN_ID, secret: `secret-${state.slice(0, 8)}` });
    context.status = 302;
    context.set('Cache-Control', 'no-store');
    context.set('Location', `/finsify/${encodeURIComponent(app)}/callback/${state}/${encodeURIComponent(result)}`);
    return undefined;
  }
  const callback = /^\/finsify\/([\w~-]+)\/callback\//.exec(path);
  if (callback) return callbackPage(context, callback[1]);
  if (path === '/finsify/logins' && context.method === 'POST') {
    logins.push(await readJson(context.req));
    return json(context, { ok: true }, 201);
  }

  const csp = CSP_PAGE.exec(path);
  if (csp) return cspPage(context, csp[1], csp[2], csp[3]);
  const report = /^\/integration\/csp-report\/([\w-]+)$/.exec(path);
  if (report && context.method === 'POST') {
    const list = reports.get(report[1]) ?? [];
    list.push((await readJson(context.req)) ?? {});
    reports.set(report[1], list);
    context.status = 204;
    return undefined;
  }
  const listed = /^\/integration\/csp-reports\/([\w-]+)$/.exec(path);
  if (listed) { const l = reports.get(listed[1]) ?? []; if (context.query.clear) reports.delete(listed[1]); return json(context, l); }
  if (path === '/integration/sri') return sriPage(context);
  if (path === '/integration/page') return blankPage(context);
  return next();
}

/**
 * A test-server plugin, placed after esbuild's: built files reach the browser as they were built.
 * esbuild would otherwise re-transpile every .js file it serves, which changes the bytes (so the
 * SRI hash no longer matches) and would lower decorators a broken build left raw, hiding the very
 * failure the bundle smoke tests look for. Bare imports in dist/ are still resolved afterwards.
 */
export const servedAsBuilt = {
  name: 'finsify-served-as-built',
  transform(context) {
    if (!/^\/(dist|demo\/frameworks\/[\w-]+\/dist)\/.+\.js$/.test(context.path)) return undefined;
    const file = new URL(`.${decodeURIComponent(context.path)}`, root);
    return existsSync(file) ? { body: readFileSync(file, 'utf8') } : undefined;
  },
};
