// Test-server routes for the connect browser tests (Koa middleware run by web-test-runner): a fake
// partner token endpoint, a fake Finsify connect page and callback pages on the test server's
// origin, so whole flows run in the browser without any network.
//
//   POST /fixtures/connect/token?key=&scenario=&status=&login_id=&secret=&encode=&callback=&delay=
//        records the request under `key`, then answers as `scenario` says (default `ok`;
//        `scenario=finsify&error=ServiceNotFound&http=404`: that Finsify error)
//   GET  /fixtures/connect/requests?key=      the recorded token requests, oldest first
//   GET  /fixtures/connect/page?state=&status=&login_id=&secret=&encode=&callback=&pad=
//        the fake connect page: sends the popup on to the callback like Finsify does
//        (`callback=wait`: stays, as while the person types; `coop`, `coop-wait`: the same with COOP)
//   GET  /fixtures/connect/callback/<state>/<json>   callback page running completeConnect()
//   GET  /fixtures/connect/done/<state>?status=&login_id=   backend-kept done page, same script
//        (also /fixtures/connect/done?state=&status=&login_id=)
//   GET  /fixtures/connect/plain/<state>/<json>      callback page without script (location only)
//   GET  /fixtures/connect/stay/<state>/<json>       completeConnect({ close: false }), then a
//        `test:callback-done` message to its opener, for tests of the callback page itself

const PREFIX = '/fixtures/connect/';
const requests = new Map();

const CALLBACK_SCRIPT = '/test/browser/connect/pages/callback-page.ts';
const STAY_SCRIPT = '/test/browser/connect/pages/callback-stay-page.ts';

function page(title, body, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

function escapeAttr(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The result Finsify appends to the callback URL, built from the connect page's query. */
function resultJson(query) {
  const result = { status: query.status ?? 'success' };
  if (query.login_id !== undefined && query.login_id !== '') result.login_id = /^\d+$/.test(query.login_id) ? Number(query.login_id) : query.login_id;
  if (query.secret) result.secret = query.secret;
  // `pad` makes an oversized result, as a hostile or broken provider could send.
  if (query.pad) result.pad = 'x'.repeat(Number(query.pad));
  return JSON.stringify(result);
}

function callbackLocation(query) {
  const json = resultJson(query);
  const kind = query.callback === 'plain' ? 'plain' : 'callback';
  if (query.callback === 'done' || query.callback === 'done-query') {
    // As the reference proxy sends it (`<doneUrl>/<state>?status=…&login_id=…`), or with the
    // state as a parameter.
    const params = new URLSearchParams({ status: query.status ?? 'success' });
    if (query.login_id) params.set('login_id', query.login_id);
    if (query.callback === 'done-query') params.set('state', query.state ?? '');
    return query.callback === 'done' ? `${PREFIX}done/${query.state}?${params}` : `${PREFIX}done?${params}`;
  }
  // `raw` leaves the JSON as Finsify's docs show it; the browser percent-encodes what it must.
  const segment = query.encode === 'raw' ? json : encodeURIComponent(json);
  return `${PREFIX}${kind}/${query.state}/${segment}`;
}

function tokenAnswer(context, scenario, connectUrl) {
  const json = (status, body) => {
    context.status = status;
    context.type = 'application/json';
    context.body = JSON.stringify(body);
  };
  switch (scenario) {
    case 'bare':
      return json(200, { id: 'tok-bare', connect_url: connectUrl });
    case 'finsify500':
      return json(500, { error: 'InternalError', message: 'Sorry server is crash. Please try again.', extra: { loginSecret: 'must-not-leak', request: 'x', login: { id: 1, secret: 'must-not-leak' } } });
    case 'finsify':
      // Any error of Finsify's table, as the partner's backend passes it on: `error=`, `http=`.
      return json(Number(context.query.http ?? 400), { error: String(context.query.error), message: 'From the fake backend', extra: {} });
    case 'expire':
      return json(400, { error: 'TokenExpire', message: 'Your token is expired. Please create new token.', extra: {} });
    case 'html':
      context.status = 200;
      context.type = 'text/html';
      context.body = page('Sign in', '<h1>Please sign in</h1>');
      return undefined;
    case 'badjson':
      context.status = 200;
      context.type = 'application/json';
      context.body = '{"data": {"connect_url": ';
      return undefined;
    case 'javascript':
      return json(200, { data: { id: 'tok-js', connect_url: 'javascript:alert(1)' }, version: 'v2' });
    case 'data':
      return json(200, { data: { id: 'tok-data', connect_url: 'data:text/html,<script>alert(1)</script>' }, version: 'v2' });
    case 'evil':
      return json(200, { data: { id: 'tok-evil', connect_url: 'http://evil.example/connect' }, version: 'v2' });
    case 'missing':
      return json(200, { data: { id: 'tok-missing' }, version: 'v2' });
    default:
      return json(200, { data: { id: 'tok-ok', connect_url: connectUrl }, version: 'v2' });
  }
}

async function token(context) {
  const query = context.query;
  const text = await readBody(context.req);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const key = String(query.key ?? 'default');
  const list = requests.get(key) ?? [];
  list.push({ body, contentType: context.get('content-type'), csrf: context.get('x-csrf-token') || undefined, method: context.method });
  requests.set(key, list);
  if (query.delay) await new Promise((resolve) => setTimeout(resolve, Number(query.delay)));
  if (query.scenario === 'network') {
    // Drop the connection: the browser's fetch rejects as on a network failure.
    context.respond = false;
    context.req.socket.destroy();
    return;
  }
  const params = new URLSearchParams({ state: body?.state ?? '' });
  for (const name of ['status', 'login_id', 'secret', 'encode', 'callback']) if (query[name] !== undefined) params.set(name, String(query[name]));
  tokenAnswer(context, query.scenario, `${context.origin}${PREFIX}page?${params}`);
}

function connectPage(context) {
  const query = context.query;
  if (query.callback === 'wait') {
    context.type = 'text/html';
    context.body = page('Fake Finsify', '<h1>Fake Finsify connect page</h1><p>Waiting for the person.</p>');
    return;
  }
  if (query.callback === 'coop-wait') {
    // A provider page sending COOP, where the person is still reading or typing.
    context.set('Cross-Origin-Opener-Policy', 'same-origin');
    context.type = 'text/html';
    context.body = page('Fake Finsify', '<p>Waiting for the person.</p>');
    return;
  }
  if (query.callback === 'coop') {
    // Like a provider page sending COOP: the opener loses this popup (`closed` reads true) and
    // the callback page that follows has no `opener`, so only BroadcastChannel can deliver.
    context.set('Cross-Origin-Opener-Policy', 'same-origin');
    context.type = 'text/html';
    const next = callbackLocation({ ...query, callback: 'callback' });
    context.body = page('Fake Finsify', '<p>Connecting…</p>', `<meta http-equiv="refresh" content="0;url=${escapeAttr(next)}">`);
    return;
  }
  context.status = 302;
  context.set('Cache-Control', 'no-store');
  context.set('Location', callbackLocation(query));
}

function callbackPage(context, script) {
  context.type = 'text/html';
  context.set('Cache-Control', 'no-store');
  context.set('Referrer-Policy', 'no-referrer');
  context.body = page('Callback', '<p>Connected. You can close this window.</p>', script ? `<script type="module" src="${script}"></script>` : '');
}

export async function connectFixtures(context, next) {
  const path = context.path;
  if (!path.startsWith(PREFIX)) return next();
  const route = path.slice(PREFIX.length);
  if (route === 'token' && context.method === 'POST') return token(context);
  if (route === 'requests') {
    context.type = 'application/json';
    context.set('Cache-Control', 'no-store');
    context.body = JSON.stringify(requests.get(String(context.query.key)) ?? []);
    return undefined;
  }
  if (route === 'page') return connectPage(context);
  if (route.startsWith('callback/') || route === 'done' || route.startsWith('done/')) return callbackPage(context, CALLBACK_SCRIPT);
  if (route.startsWith('stay/') || route === 'stay') return callbackPage(context, STAY_SCRIPT);
  if (route.startsWith('plain/')) return callbackPage(context, undefined);
  return next();
}
