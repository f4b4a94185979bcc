// Test-server routes for the catalog browser tests (Koa middleware run by web-test-runner).
//
// Everything lives under /fixtures/catalog/. Tests put a unique token in the URLs they use, so
// test files running side by side (and both browsers) never read each other's counts or logs.
// Routes whose requests are counted have no file extension: the test runner marks every path
// with one as cacheable for a year, and a cached answer would hide a second request.
//
//   sample.json?media=T        a realistic catalog; logos under media/T/
//   hostile.json?token=T       the bad-input catalog (markup, unsafe links, colours, logo paths, bad entries)
//   counted/T                  the sample catalog, counting requests; count/T answers {"count": n}
//   flaky/T                    500 the first time, the sample catalog afterwards (counted too)
//   status/404, status/500     an error status with Finsify's error shape
//   html, invalid-json, empty, object-data, object-services
//   huge, huge-chunked         20 MB of JSON, with and without Content-Length
//   never?T                    answers nothing until the client gives up; count/T-closed counts those aborts
//   media/T/<name>             an SVG logo; names containing "missing" answer 404
//   evil/T-...                 a URL that nothing should ever request
//   log?contains=T             {"paths": [...]}: every request under /fixtures/catalog/ whose path contains T
import { Readable } from 'node:stream';

const PREFIX = '/fixtures/catalog/';
const counts = new Map();
const requestLog = [];
const MAX_LOG = 10000;

/** The sample catalog: VN, MY and SG; bank, statement and other; with and without logos and calls to action. */
export function sampleCatalog(origin, mediaToken = 'sample') {
  const media = `${origin}${PREFIX}media/${mediaToken}/`;
  const entry = (id, name, country, type, extra = {}) => ({
    id,
    name,
    provider: 'Finsify',
    media_path: media,
    cover_file_name: `${slug(name)}-cover.png`,
    logo_file_name: `${slug(name)}-logo.png`,
    color: { primary: '0b5cc2', secondary: 'ffffff' },
    type,
    country_code: country,
    has_balance: type !== 'statement',
    call_to_action: null,
    ...extra,
  });
  return [
    entry(1, 'Vietcombank', 'VN', 'bank', { color: { primary: '006b3f', secondary: '8dc63f' } }),
    entry(2, 'Techcombank', 'VN', 'bank', { color: { primary: 'e31837', secondary: '000000' } }),
    entry(3, 'Ngân hàng Á Châu (ACB)', 'VN', 'bank', {
      logo_file_name: null,
      color: { primary: '1a4594', secondary: 'ffffff' },
      call_to_action: { prompt: 'Chưa có tài khoản?', text: 'Mở tài khoản', url: 'https://www.acb.com.vn/open-account' },
    }),
    entry(4, 'BIDV', 'VN', 'bank', { color: { primary: '006b68', secondary: 'f4c400' } }),
    entry(5, 'VietinBank', 'VN', 'bank', { color: { primary: '005993', secondary: 'ee1c25' } }),
    entry(6, 'Ngân hàng Quân đội (MB Bank)', 'VN', 'bank', { logo_file_name: 'missing-mb-logo.png', color: { primary: '141ed2', secondary: 'e31837' } }),
    entry(7, 'Sacombank', 'VN', 'bank', { color: { primary: '1560bd', secondary: 'ffffff' } }),
    entry(8, 'Vietcombank Statement', 'VN', 'statement', { logo_file_name: null, color: { primary: '8dc63f', secondary: null } }),
    entry(9, 'MoMo', 'VN', 'other', {
      color: { primary: 'a50064', secondary: 'ffffff' },
      call_to_action: { prompt: 'No MoMo wallet yet?', text: 'Get MoMo', url: 'https://momo.vn/download' },
    }),
    entry(10, 'Đông Á Bank', 'VN', 'bank', { logo_file_name: null, color: { primary: 'f7941d', secondary: null } }),
    entry(11, 'Maybank', 'MY', 'bank', { color: { primary: 'ffc83d', secondary: '000000' } }),
    entry(12, 'CIMB Bank', 'MY', 'bank', { color: { primary: '7a0026', secondary: 'ffffff' } }),
    entry(13, 'Public Bank', 'MY', 'bank', { logo_file_name: null, color: { primary: 'd71920', secondary: null } }),
    entry(14, 'AmBank', 'MY', 'bank', {
      color: { primary: 'ED1B24', secondary: 'FEF200' },
      call_to_action: { prompt: 'No account yet?', text: 'Register now!', url: 'https://example.com/register-account' },
    }),
    entry(15, 'Maybank Statement', 'MY', 'statement', { logo_file_name: null, color: { primary: 'fff', secondary: null } }),
    entry(16, 'GrabPay', 'MY', 'other', { color: { primary: '00b14f', secondary: null } }),
    entry(17, 'DBS Bank', 'SG', 'bank', { color: { primary: 'ee3124', secondary: null } }),
    entry(18, 'OCBC Bank', 'SG', 'bank', { logo_file_name: null, color: { primary: null, secondary: null } }),
    entry(19, 'UOB', 'SG', 'bank', { color: { primary: '0b3b8c', secondary: 'e11b22' } }),
    entry(20, 'PayNow Statement', 'SG', 'statement', { logo_file_name: null, color: { primary: '7b2c8f', secondary: null } }),
  ];
}

/** Every kind of bad entry the issue lists, plus two good ones to show the rest still renders. */
function hostileCatalog(origin, token) {
  const media = `${origin}${PREFIX}media/${token}/`;
  const evil = (name) => `${origin}${PREFIX}evil/${token}-${name}`;
  const good = (id, name, extra = {}) =>
    JSON.stringify({
      id,
      name,
      provider: 'Finsify',
      media_path: media,
      cover_file_name: null,
      logo_file_name: null,
      color: { primary: null, secondary: null },
      type: 'bank',
      country_code: 'VN',
      has_balance: true,
      call_to_action: null,
      ...extra,
    });
  const cta = (url) => ({ prompt: 'Sign up?', text: 'Open link', url });
  // Hand-written JSON for the entries whose keys (`__proto__`) an object literal would not keep.
  return `{"data": [
    ${good(1, '<img src=x onerror="window.__pwned=1"><b>Bold</b> Bank')},
    ${good(2, 'Cta Javascript', { call_to_action: cta('javascript:window.__pwned=2') })},
    ${good(3, 'Cta Mixed Case', { call_to_action: cta('JaVaScRiPt:window.__pwned=3') })},
    ${good(4, 'Cta Control Chars', { call_to_action: cta('\u0001\u0002\u0000javascript:window.__pwned=4') })},
    ${good(5, 'Cta Tab', { call_to_action: cta('\tjava\tscript:window.__pwned=5') })},
    ${good(6, 'Cta Data', { call_to_action: cta('data:text/html,<script>parent.__pwned=6</script>') })},
    ${good(7, 'Cta Blob', { call_to_action: cta('blob:https://evil.example/6d7c1f0e') })},
    ${good(8, 'Cta Protocol Relative', { call_to_action: cta('//evil.example/register') })},
    ${good(9, 'Colour Injection', { color: { primary: `red;background:url(${evil('color')})`, secondary: `red;background:url(https://evil.example/x)` } })},
    ${good(10, 'Colour Url', { color: { primary: `url(${evil('url')})`, secondary: 'url(https://evil.example/y)' } })},
    ${good(11, 'Colour Var', { color: { primary: 'var(--x)', secondary: 'var(--finsify-danger)' } })},
    ${good(12, 'Colour Bad Hex', { color: { primary: '#ggg', secondary: '#12' } })},
    ${good(13, 'Logo Dot Dot', { logo_file_name: `../${token}-secret.png` })},
    ${good(14, 'Logo Encoded Dot Dot', { logo_file_name: `%2e%2e/${token}-secret.png` })},
    ${good(15, 'Logo Other Host', { logo_file_name: `https://evil.example/${token}-logo.png` })},
    ${good(16, 'Logo Media Path Escape', { media_path: `${origin}${PREFIX}media/${token}/../`, logo_file_name: `${token}-escape.png` })},
    {"id": 17, "name": "Proto Bank", "type": "bank", "country_code": "VN", "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "color": {"__proto__": {"polluted": "yes"}, "primary": "00ff00"}},
    {"id": "18", "name": "String Id Bank", "type": "bank", "country_code": "VN"},
    {"id": 19, "type": "bank", "country_code": "VN"},
    {"id": 20, "name": 12345, "type": "bank", "country_code": "VN"},
    {"id": 21, "name": "Wrong Types Bank", "type": ["bank"], "country_code": "VN"},
    {"id": 22, "name": "Wrong Country Bank", "type": "bank", "country_code": 84},
    null, 42, "a string", [1, 2, 3],
    ${good(23, 'Wrong Optional Types', { provider: 7, has_balance: 'yes', color: 'blue', call_to_action: 'click me', media_path: 5, logo_file_name: {} })},
    ${good(24, 'Safe Link Bank', { call_to_action: cta('https://example.com/sign-up') })},
    ${good(25, 'Good Bank')}
  ], "version": "v2"}`;
}

function slug(name) {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function logoSvg(seed) {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" rx="8" fill="hsl(${hue} 60% 45%)"/><circle cx="20" cy="20" r="10" fill="#fff"/></svg>`;
}

/** 20 MB of syntactically valid JSON, produced lazily so the server never holds it. */
function hugeStream() {
  const entry = JSON.stringify({ id: 0, name: 'x'.repeat(900), type: 'bank', country_code: 'VN' });
  const total = 20 * 1024 * 1024;
  let sent = 0;
  let id = 1;
  return {
    total,
    stream: new Readable({
      read() {
        if (sent === 0) {
          this.push('[');
          sent += 1;
          return;
        }
        if (sent >= total - 1) {
          this.push(']');
          this.push(null);
          return;
        }
        const chunk = [];
        let size = 0;
        while (size < 64 * 1024) {
          const item = `${id === 1 ? '' : ','}${entry.replace('"id":0', `"id":${id}`)}`;
          id += 1;
          chunk.push(item);
          size += item.length;
        }
        let text = chunk.join('');
        if (sent + text.length > total - 1) text = text.slice(0, total - 1 - sent);
        sent += text.length;
        this.push(text);
      },
    }),
  };
}

function json(context, body, status = 200) {
  context.status = status;
  context.set('Cache-Control', 'no-store');
  context.type = 'application/json';
  context.body = typeof body === 'string' ? body : JSON.stringify(body);
}

export async function catalogFixtures(context, next) {
  if (!context.path.startsWith(PREFIX)) return next();
  const route = context.path.slice(PREFIX.length);
  if (route !== 'log') requestLog.push(context.path);
  if (requestLog.length > MAX_LOG) requestLog.splice(0, requestLog.length - MAX_LOG);
  const origin = `${context.protocol}://${context.host}`;
  context.set('Access-Control-Allow-Origin', '*');

  if (route === 'sample.json') return json(context, sampleCatalog(origin, String(context.query.media ?? 'sample')));
  if (route === 'object-data') return json(context, { data: sampleCatalog(origin).slice(0, 3), version: 'v2' });
  if (route === 'object-services') return json(context, { services: sampleCatalog(origin).slice(0, 4) });
  if (route === 'hostile.json') return json(context, hostileCatalog(origin, String(context.query.token ?? 'hostile')));
  if (route === 'empty') return json(context, '[]');
  if (route === 'invalid-json') return json(context, '{"data": [ {"id": 1, "name": "Cut');
  if (route === 'html') {
    context.status = 200;
    context.type = 'text/html';
    context.body = '<!doctype html><html><body><h1>Welcome</h1></body></html>';
    return undefined;
  }

  const status = /^status\/(\d{3})$/.exec(route);
  if (status) {
    return json(context, { error: 'ServerMaintenance', message: 'Finsify is under maintenance.' }, Number(status[1]));
  }

  const counted = /^counted\/([\w-]+)$/.exec(route);
  if (counted) {
    counts.set(counted[1], (counts.get(counted[1]) ?? 0) + 1);
    // A little latency, so the second picker subscribes while the first request is in flight.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return json(context, sampleCatalog(origin));
  }
  const flaky = /^flaky\/([\w-]+)$/.exec(route);
  if (flaky) {
    const seen = (counts.get(flaky[1]) ?? 0) + 1;
    counts.set(flaky[1], seen);
    return seen === 1 ? json(context, { error: 'ServerMaintenance', message: 'Try later.' }, 500) : json(context, sampleCatalog(origin));
  }
  const count = /^count\/([\w-]+)$/.exec(route);
  if (count) return json(context, { count: counts.get(count[1]) ?? 0 });

  if (route === 'log') {
    const contains = String(context.query.contains ?? '');
    return json(context, { paths: contains ? requestLog.filter((path) => path.includes(contains)) : [] });
  }

  if (route === 'huge' || route === 'huge-chunked') {
    const { total, stream } = hugeStream();
    context.status = 200;
    context.type = 'application/json';
    if (route === 'huge') context.length = total;
    context.body = stream;
    return undefined;
  }

  if (route === 'never') {
    // Hold the request open; let go when the client aborts (or after a minute, so the server can
    // stop). `never?T` counts the aborts under `T-closed`.
    const token = /^[\w-]+$/.test(context.querystring) ? context.querystring : '';
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 60000);
      context.res.on('close', () => {
        clearTimeout(timer);
        if (token) counts.set(`${token}-closed`, (counts.get(`${token}-closed`) ?? 0) + 1);
        resolve();
      });
    });
    return json(context, '[]', 504);
  }

  if (route.startsWith('media/')) {
    if (route.includes('missing')) return json(context, { error: 'NotFound' }, 404);
    context.status = 200;
    context.type = 'image/svg+xml';
    context.set('Cache-Control', 'no-store');
    context.body = logoSvg(route);
    return undefined;
  }

  if (route.startsWith('evil/')) return json(context, { error: 'ShouldNeverBeRequested' }, 418);
  return json(context, { error: 'NotFound' }, 404);
}
