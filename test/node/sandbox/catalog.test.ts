import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleServices } from '../../../src/sandbox.js';
import { BASE, sandbox } from './helpers.js';

const HEX = /^[0-9A-F]{6}$/;
/** Services whose logo file the catalog names but the sandbox does not have (the picker's fallback). */
const MISSING_LOGOS = ['dong_a_bank-logo.svg', 'nam_a_bank-logo.svg', 'acb_statement-logo.svg', 'bank_islam-logo.svg', 'grabpay_sg-logo.svg'];

/** The spec's "Structure of a service", checked field by field. */
function assertService(service: Record<string, unknown>): void {
  const label = JSON.stringify(service.name);
  assert.ok(Number.isInteger(service.id) && (service.id as number) > 0, `${label}: id`);
  assert.equal(typeof service.name, 'string', `${label}: name`);
  assert.ok((service.name as string).trim().length > 0);
  assert.equal(service.provider, 'Finsify');
  assert.equal(typeof service.media_path, 'string');
  assert.ok(String(service.media_path).endsWith('/media/services/'));
  assert.match(String(service.cover_file_name), /^[a-z0-9_]+-cover\.svg$/, `${label}: cover`);
  assert.match(String(service.logo_file_name), /^[a-z0-9_]+-logo\.svg$/, `${label}: logo`);
  const color = service.color as { primary: unknown; secondary: unknown };
  assert.match(String(color.primary), HEX, `${label}: primary colour`);
  assert.ok(color.secondary === null || HEX.test(String(color.secondary)), `${label}: secondary colour`);
  assert.ok(['bank', 'statement', 'other'].includes(String(service.type)), `${label}: type`);
  assert.match(String(service.country_code), /^[A-Z]{2}$/);
  assert.equal(typeof service.has_balance, 'boolean');
  const cta = service.call_to_action as Record<string, unknown> | null;
  if (cta !== null) {
    assert.equal(typeof cta.prompt, 'string');
    assert.equal(typeof cta.text, 'string');
    assert.match(String(cta.url), /^https:\/\//);
  }
  assert.deepEqual(Object.keys(service).sort(), [
    'call_to_action', 'color', 'country_code', 'cover_file_name', 'has_balance', 'id', 'logo_file_name', 'media_path', 'name', 'provider', 'type',
  ]);
}

describe('sandbox catalog: GET /service.json', () => {
  it('serves several dozen valid services with unique ids, for any origin', async () => {
    const response = await sandbox()(new Request(`${BASE}/service.json`));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(response.headers.get('cache-control') ?? '', /max-age=\d+/);
    const services = (await response.json()) as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(services));
    assert.ok(services.length >= 40, `only ${services.length} services`);
    services.forEach(assertService);
    assert.equal(new Set(services.map((s) => s.id)).size, services.length, 'ids are unique');
    assert.equal(new Set(services.map((s) => s.cover_file_name)).size, services.length, 'media names are unique');
  });

  it('covers all three types, six countries, logo files present and missing, calls to action both ways, and Vietnamese names', async () => {
    const services = sampleServices('http://x/media/services/');
    assert.deepEqual(new Set(services.map((s) => s.type)), new Set(['bank', 'statement', 'other']));
    assert.deepEqual(new Set(services.map((s) => s.country_code)), new Set(['VN', 'MY', 'SG', 'TH', 'ID', 'PH']));
    const missing = await Promise.all(services.map(async (s) => (await sandbox()(new Request(`${BASE}/media/services/${s.logo_file_name}`))).status === 404));
    assert.ok(missing.includes(true) && missing.includes(false), 'some logo files load, a few are missing (the picker shows initials)');
    assert.ok(services.some((s) => s.call_to_action === null) && services.some((s) => s.call_to_action !== null));
    assert.ok(services.some((s) => s.has_balance) && services.some((s) => !s.has_balance));
    for (const name of ['Vietcombank', 'Techcombank', 'BIDV', 'VietinBank', 'MB Bank', 'VPBank', 'TPBank', 'Sacombank', 'Đông Á Bank', 'Vietcombank Statement', 'MoMo', 'ZaloPay', 'Maybank', 'CIMB Bank', 'AmBank', 'Public Bank', 'RHB Bank', 'Hong Leong Bank', "Touch 'n Go eWallet", 'GrabPay']) {
      assert.ok(services.some((s) => s.name === name), `${name} is listed`);
    }
    assert.ok(services.some((s) => s.name.startsWith('Ngân hàng')));
    const ambank = services.find((s) => s.name === 'AmBank');
    assert.deepEqual(ambank?.color, { primary: 'ED1B24', secondary: 'FEF200' });
    assert.equal(ambank?.id, 67);
  });

  it('builds media_path from the request origin, or from publicUrl when set', async () => {
    const fromRequest = (await (await sandbox()(new Request('http://127.0.0.1:4999/service.json'))).json()) as Array<{ media_path: string }>;
    assert.equal(fromRequest[0]?.media_path, 'http://127.0.0.1:4999/media/services/');
    const fromOption = (await (await sandbox({ publicUrl: 'https://sandbox.example/finsify/' })(new Request(`${BASE}/service.json`))).json()) as Array<{ media_path: string }>;
    assert.equal(fromOption[0]?.media_path, 'https://sandbox.example/finsify/media/services/');
  });
});

describe('sandbox media: GET /media/services/:file', () => {
  const handler = sandbox();
  const get = (path: string): Promise<Response> => handler(new Request(BASE + path));

  it('serves every logo (but the few listed as missing) and every cover size the catalog names, as safe SVG', async () => {
    const services = sampleServices(`${BASE}/media/services/`);
    for (const service of services) {
      const files = [service.cover_file_name!.replace('.svg', '-small.svg'), service.cover_file_name!.replace('.svg', '-medium.svg'), service.cover_file_name!.replace('.svg', '-large.svg')];
      if (!MISSING_LOGOS.includes(service.logo_file_name!)) files.push(service.logo_file_name!);
      for (const file of files) {
        const response = await get(`/media/services/${file}`);
        assert.equal(response.status, 200, file);
        assert.match(response.headers.get('content-type') ?? '', /^image\/svg\+xml/);
        assert.equal(response.headers.get('access-control-allow-origin'), '*');
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'");
        const svg = await response.text();
        assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        assert.doesNotMatch(svg, /<script|on[a-z]+=|href=/i);
      }
    }
  });

  it('sizes covers 320x120, 640x240 and 1280x480 and draws the brand colour', async () => {
    for (const [size, w, h] of [['small', 320, 120], ['medium', 640, 240], ['large', 1280, 480]] as const) {
      const svg = await (await get(`/media/services/ambank-cover-${size}.svg`)).text();
      assert.match(svg, new RegExp(`width="${w}" height="${h}"`));
      assert.match(svg, /#ed1b24/i);
    }
  });

  it('escapes names inside the SVG', async () => {
    const svg = await (await get('/media/services/touch_n_go-cover-small.svg')).text();
    assert.match(svg, /Touch &#39;n Go eWallet/);
  });

  it('answers 404 for names the catalog does not list, and for traversal attempts', async () => {
    for (const path of [
      '/media/services/unknown-logo.svg',
      '/media/services/dong_a_bank-logo.svg', // listed without a logo
      '/media/services/ambank-cover.svg', // covers exist only with a size
      '/media/services/ambank-logo.png',
      '/media/services/..%2F..%2Fpackage.json',
      '/media/services/%2e%2e%2fsrc%2fsandbox.ts',
      '/media/services/..%5cambank-logo.svg',
      '/media/services/ambank-logo.svg%00.png',
      '/media/services/AMBANK-LOGO.SVG',
      '/media/services/../../package.json',
      '/media/services/ambank-logo.svg/..',
    ]) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(await response.text(), /"name"|import |<svg/, path);
    }
  });
});

/**
 * The spec's "Structure description" of a service (finsify-api-v2, "Services"), copied verbatim:
 * every entry of the sandbox's catalog must have exactly these keys, each of the listed type.
 */
const SPEC_SERVICE_STRUCTURE = `
id | integer | Service ID |
name | string | Name of service provided by Finsify Hub |
provider | string | Name of Finsify's partner. finsify is deploy by Finsify Hub. |
media_path | string | URL to link of service's images. |
cover_file_name | string | Cover file name. A cover always has 3 sizes: small , medium and large . |
logo_file_name | string | Logo file's name |
color | object | Colour code of service. |
type | string | The type of services provided by Finsify Hub. Finsify currently supports bank , statement and other . |
country_code | string | Service's country code. |
has_balance | boolean | Does service have available balance? |
call_to_action | object | If no call_to_action , value is NULL |
`;

function specTypeOf(value: unknown): string {
  if (Number.isInteger(value)) return 'integer';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

describe('sandbox catalog against the spec\'s types', () => {
  const fields = SPEC_SERVICE_STRUCTURE.trim().split('\n').map((line) => {
    const [key, type, description] = line.split('|').map((cell) => cell.trim());
    // The spec allows NULL only where its description says so (call_to_action).
    return { key: key!, type: type!, nullable: /value is NULL/i.test(description!) };
  });

  it('has every field the spec lists, of the spec\'s type (null only where the spec allows it)', async () => {
    const services = (await (await sandbox()(new Request(`${BASE}/service.json`))).json()) as Array<Record<string, unknown>>;
    assert.ok(services.length > 0);
    const problems: string[] = [];
    for (const service of services) {
      assert.deepEqual(Object.keys(service).sort(), fields.map((f) => f.key).sort(), `${String(service.name)}: keys`);
      for (const { key, type, nullable } of fields) {
        const actual = specTypeOf(service[key]);
        if (actual !== type && !(nullable && actual === 'null')) problems.push(`${String(service.name)}: ${key} is ${actual}, the spec says ${type}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
