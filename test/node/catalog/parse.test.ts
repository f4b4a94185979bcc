import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogError, DEFAULT_MAX_ENTRIES, parseCatalog } from '../../../src/catalog/parse.js';
import { rawEntry } from './fixtures.js';

function parseOne(entry: unknown) {
  return parseCatalog([entry]);
}

function rejectedReason(entry: unknown): string | undefined {
  const { services, rejected } = parseOne(entry);
  assert.equal(services.length, 0, 'the entry should have been left out');
  return rejected[0]?.reason;
}

function assertCatalogError(run: () => unknown, code: string) {
  assert.throws(run, (error: unknown) => error instanceof CatalogError && error.code === code);
}

describe('parseCatalog: the catalog as a whole', () => {
  it('accepts an array, or an object whose data or services is the array', () => {
    assert.equal(parseCatalog([rawEntry()]).services.length, 1);
    assert.equal(parseCatalog({ data: [rawEntry()], version: 'v2' }).services.length, 1);
    assert.equal(parseCatalog({ services: [rawEntry()] }).services.length, 1);
    assert.equal(parseCatalog({ data: 'nope', services: [rawEntry()] }).services.length, 1);
  });

  it('gives an empty catalog for an empty list, not an error', () => {
    assert.deepEqual(parseCatalog([]), { services: [], rejected: [] });
  });

  for (const value of [null, undefined, 'text', 42, true, {}, { data: {} }, { data: null }, { items: [] }]) {
    it(`throws CatalogInvalid for ${JSON.stringify(value) ?? 'undefined'}`, () => {
      assertCatalogError(() => parseCatalog(value), 'CatalogInvalid');
    });
  }

  it('ignores an inherited data array', () => {
    const inherited = Object.create({ data: [rawEntry()] }) as object;
    assertCatalogError(() => parseCatalog(inherited), 'CatalogInvalid');
  });

  it('throws CatalogInvalid for a catalog whose getter throws', () => {
    const hostile = {
      get data(): unknown {
        throw new Error('boom');
      },
    };
    assertCatalogError(() => parseCatalog(hostile), 'CatalogInvalid');
  });

  it('refuses more entries than maxEntries with CatalogTooLarge, rather than truncating', () => {
    const entries = [1, 2, 3].map((id) => rawEntry({ id }));
    assert.equal(parseCatalog(entries, { maxEntries: 3 }).services.length, 3);
    assertCatalogError(() => parseCatalog(entries, { maxEntries: 2 }), 'CatalogTooLarge');
    assertCatalogError(() => parseCatalog(new Array(DEFAULT_MAX_ENTRIES + 1).fill(null)), 'CatalogTooLarge');
    assert.equal(parseCatalog(new Array(DEFAULT_MAX_ENTRIES).fill(null)).rejected.length, DEFAULT_MAX_ENTRIES);
  });

  it('falls back to the default cap for a nonsensical maxEntries', () => {
    assert.equal(parseCatalog([rawEntry()], { maxEntries: 0 }).services.length, 1);
    assert.equal(parseCatalog([rawEntry()], { maxEntries: Number.NaN }).services.length, 1);
  });

  it('CatalogError carries its code and a message', () => {
    const error = new CatalogError('CatalogTimeout', 'too slow');
    assert.ok(error instanceof Error);
    assert.equal(error.code, 'CatalogTimeout');
    assert.equal(error.name, 'CatalogError');
    assert.equal(error.message, 'too slow');
  });
});

describe('parseCatalog: a valid entry', () => {
  it('keeps every documented field, normalised', () => {
    const [service] = parseCatalog([rawEntry()]).services;
    assert.deepEqual(service, {
      id: 67,
      name: 'AmBank',
      provider: 'Finsify',
      media_path: 'https://assets.finsify.com/services/',
      cover_file_name: 'ambank-cover.png',
      logo_file_name: 'ambank-logo.png',
      color: { primary: '#ed1b24', secondary: '#fef200' },
      type: 'bank',
      country_code: 'MY',
      has_balance: true,
      call_to_action: null,
    });
  });

  it('builds a fresh object with only the known fields', () => {
    const raw = rawEntry({ extra: 'x', onclick: 'alert(1)' });
    const [service] = parseCatalog([raw]).services;
    assert.notEqual(service, raw);
    assert.equal(Object.getPrototypeOf(service), Object.prototype);
    assert.deepEqual(Object.keys(service ?? {}).sort(), [
      'call_to_action', 'color', 'country_code', 'cover_file_name', 'has_balance', 'id',
      'logo_file_name', 'media_path', 'name', 'provider', 'type',
    ]);
  });

  it('keeps a name holding HTML markup verbatim, as text', () => {
    const name = '<img src=x onerror="alert(1)"><b>Bank</b> &amp; Co';
    assert.equal(parseOne(rawEntry({ name })).services[0]?.name, name);
  });

  it('collapses whitespace in the name, and accepts exactly 200 characters', () => {
    assert.equal(parseOne(rawEntry({ name: '  Ngân \t hàng\n Á   Châu ' })).services[0]?.name, 'Ngân hàng Á Châu');
    assert.equal(parseOne(rawEntry({ name: 'x'.repeat(200) })).services[0]?.name.length, 200);
  });

  it('normalises country_code to upper case and type to lower case, and keeps future types', () => {
    const [service] = parseOne(rawEntry({ country_code: 'vn', type: 'Crypto_wallet' })).services;
    assert.equal(service?.country_code, 'VN');
    assert.equal(service?.type, 'crypto_wallet');
    for (const type of ['bank', 'statement', 'other']) assert.equal(parseOne(rawEntry({ type })).services[0]?.type, type);
  });

  it('keeps a call_to_action whose url is http: or https:', () => {
    const call_to_action = { prompt: 'No account yet?', text: 'Register now!', url: 'https://example.com/register-account' };
    assert.deepEqual(parseOne(rawEntry({ call_to_action })).services[0]?.call_to_action, call_to_action);
  });
});

describe('parseCatalog: required fields', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a string id', { id: '8' }, 'id must be a number, not a string'],
    ['a missing id', { id: undefined }, 'id must be a positive integer'],
    ['a zero id', { id: 0 }, 'id must be a positive integer'],
    ['a negative id', { id: -3 }, 'id must be a positive integer'],
    ['a fractional id', { id: 1.5 }, 'id must be a positive integer'],
    ['an unsafe id', { id: 2 ** 53 }, 'id must be a positive integer'],
    ['an Infinity id', { id: Infinity }, 'id must be a positive integer'],
    ['a missing name', { name: undefined }, 'name is missing'],
    ['a null name', { name: null }, 'name is missing'],
    ['a number name', { name: 42 }, 'name must be a string'],
    ['an object name', { name: { toString: () => 'x' } }, 'name must be a string'],
    ['a blank name', { name: ' \n\t ' }, 'name is empty'],
    ['an over-long name', { name: 'x'.repeat(201) }, 'name is longer than 200 characters'],
    ['a name with a control character', { name: 'Bank\u0000' }, 'name contains control characters'],
    ['a name with a C1 control character', { name: 'Bank\u0085x' }, 'name contains control characters'],
    ['a name with a bidi override', { name: 'Bank\u202Egnp.exe' }, 'name contains control characters'],
    ['a missing type', { type: undefined }, 'type must be a lower-case word such as bank, statement or other'],
    ['a type with markup', { type: 'bank<script>' }, 'type must be a lower-case word such as bank, statement or other'],
    ['a type with digits', { type: 'bank2' }, 'type must be a lower-case word such as bank, statement or other'],
    ['a type starting with _', { type: '_bank' }, 'type must be a lower-case word such as bank, statement or other'],
    ['an over-long type', { type: 'b'.repeat(33) }, 'type must be a lower-case word such as bank, statement or other'],
    ['a number type', { type: 1 }, 'type must be a lower-case word such as bank, statement or other'],
    ['a missing country_code', { country_code: undefined }, 'country_code must be two letters'],
    ['a three-letter country_code', { country_code: 'VNM' }, 'country_code must be two letters'],
    ['a non-ASCII country_code', { country_code: 'VÑ' }, 'country_code must be two letters'],
    ['a numeric country_code', { country_code: 84 }, 'country_code must be two letters'],
  ];
  for (const [label, overrides, reason] of cases) {
    it(`leaves out an entry with ${label}: "${reason}"`, () => {
      assert.equal(rejectedReason(rawEntry(overrides)), reason);
    });
  }

  it('reports the position and the raw id of a rejected entry', () => {
    const { rejected } = parseCatalog([rawEntry({ id: 1 }), rawEntry({ id: '8' }), rawEntry({ id: 9, name: '' })]);
    assert.deepEqual(rejected, [
      { index: 1, id: '8', reason: 'id must be a number, not a string' },
      { index: 2, id: 9, reason: 'name is empty' },
    ]);
  });

  for (const value of [null, 42, 'AmBank', true, [rawEntry()]]) {
    it(`leaves out a non-object entry ${JSON.stringify(value)?.slice(0, 20)}`, () => {
      assert.deepEqual(parseOne(value).rejected, [{ index: 0, reason: 'entry must be an object' }]);
    });
  }

  it('leaves out an entry whose getter throws, without throwing', () => {
    const hostile = rawEntry();
    Object.defineProperty(hostile, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    assert.deepEqual(parseOne(hostile).rejected, [{ index: 0, id: 67, reason: 'entry could not be read' }]);
  });

  it('keeps the first of entries sharing an id and reports the others', () => {
    const { services, rejected } = parseCatalog([
      rawEntry({ id: 8, name: 'First' }),
      rawEntry({ id: 9, name: 'Other' }),
      rawEntry({ id: 8, name: 'Second' }),
    ]);
    assert.deepEqual(services.map((service) => service.name), ['First', 'Other']);
    assert.deepEqual(rejected, [{ index: 2, id: 8, reason: 'duplicate id 8' }]);
  });

  it('lets a valid entry keep an id whose earlier entry was rejected', () => {
    const { services } = parseCatalog([rawEntry({ id: 8, name: '' }), rawEntry({ id: 8, name: 'Valid' })]);
    assert.deepEqual(services.map((service) => service.name), ['Valid']);
  });

  it('ignores inherited required fields', () => {
    const entry = Object.create({ name: 'Inherited' }) as Record<string, unknown>;
    Object.assign(entry, rawEntry());
    delete entry.name;
    assert.equal(rejectedReason(entry), 'name is missing');
  });
});

describe('parseCatalog: optional fields fall back to safe values', () => {
  it('uses defaults when optional fields are absent', () => {
    const [service] = parseOne({ id: 1, name: 'A', type: 'bank', country_code: 'VN' }).services;
    assert.deepEqual(service, {
      id: 1,
      name: 'A',
      provider: '',
      media_path: null,
      cover_file_name: null,
      logo_file_name: null,
      color: { primary: null, secondary: null },
      type: 'bank',
      country_code: 'VN',
      has_balance: false,
      call_to_action: null,
    });
  });

  it('neutralises wrong-typed optional fields instead of dropping the entry', () => {
    const [service] = parseOne(
      rawEntry({
        provider: { evil: true },
        has_balance: 'true',
        media_path: 42,
        logo_file_name: ['a.png'],
        cover_file_name: {},
        color: 'red',
        call_to_action: 'https://example.com',
      }),
    ).services;
    assert.equal(service?.provider, '');
    assert.equal(service?.has_balance, false);
    assert.equal(service?.media_path, null);
    assert.equal(service?.logo_file_name, null);
    assert.equal(service?.cover_file_name, null);
    assert.deepEqual(service?.color, { primary: null, secondary: null });
    assert.equal(service?.call_to_action, null);
  });

  const badColours = ['red;background:url(https://evil.example/x)', 'url(https://evil.example/x)', 'var(--x)', '#ggg', 'red', 1234, null];
  for (const colour of badColours) {
    it(`drops the colour ${JSON.stringify(colour)} and keeps the other`, () => {
      const [service] = parseOne(rawEntry({ color: { primary: colour, secondary: 'abc' } })).services;
      assert.deepEqual(service?.color, { primary: null, secondary: '#aabbcc' });
    });
  }

  const badLinks = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '\u0001javascript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://example.com/1',
    '//evil.example/x',
    '/relative',
    42,
  ];
  for (const url of badLinks) {
    it(`drops a call_to_action whose url is ${JSON.stringify(url)}`, () => {
      const [service] = parseOne(rawEntry({ call_to_action: { prompt: 'p', text: 't', url } })).services;
      assert.ok(service);
      assert.equal(service.call_to_action, null);
    });
  }

  it('drops a call_to_action without usable link text, and blanks a bad prompt', () => {
    const url = 'https://example.com/';
    assert.equal(parseOne(rawEntry({ call_to_action: { prompt: 'p', url } })).services[0]?.call_to_action, null);
    assert.equal(parseOne(rawEntry({ call_to_action: { text: 'x'.repeat(101), url } })).services[0]?.call_to_action, null);
    assert.deepEqual(parseOne(rawEntry({ call_to_action: { prompt: 7, text: ' Go ', url } })).services[0]?.call_to_action, {
      prompt: '',
      text: 'Go',
      url,
    });
    assert.deepEqual(
      parseOne(rawEntry({ call_to_action: { prompt: 'x'.repeat(201), text: 'Go', url } })).services[0]?.call_to_action,
      { prompt: '', text: 'Go', url },
    );
  });

  it('bounds the lengths of free strings', () => {
    const [service] = parseOne(
      rawEntry({ provider: 'p'.repeat(201), logo_file_name: 'l'.repeat(1025), media_path: `https://a.example/${'m'.repeat(2048)}` }),
    ).services;
    assert.equal(service?.provider, '');
    assert.equal(service?.logo_file_name, null);
    assert.equal(service?.media_path, null);
  });
});

describe('parseCatalog: prototype pollution', () => {
  it('does nothing with __proto__, constructor and prototype keys from JSON.parse', () => {
    const json = JSON.parse(`[
      {"__proto__": {"polluted": "yes", "name": "Inherited"}, "id": 1, "name": "A", "type": "bank", "country_code": "VN"},
      {"constructor": {"prototype": {"polluted": "yes"}}, "prototype": {"polluted": "yes"}, "id": 2, "name": "B", "type": "bank", "country_code": "VN"},
      {"__proto__": {"id": 3, "name": "C", "type": "bank", "country_code": "VN"}},
      {"id": 4, "name": "D", "type": "bank", "country_code": "VN", "color": {"__proto__": {"primary": "fff"}}, "call_to_action": {"__proto__": {"url": "https://x.example/", "text": "t"}}}
    ]`) as unknown;
    const { services, rejected } = parseCatalog(json);

    assert.deepEqual(services.map((service) => service.id), [1, 2, 4]);
    assert.deepEqual(rejected.map((entry) => entry.index), [2]);
    assert.equal(services[3 - 1]?.color.primary, null);
    assert.equal(services[3 - 1]?.call_to_action, null);
    for (const service of services) {
      assert.equal(Object.getPrototypeOf(service), Object.prototype);
      assert.equal(Object.getPrototypeOf(service.color), Object.prototype);
      assert.equal((service as unknown as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.hasOwn(service, '__proto__'), false);
      assert.equal(Object.hasOwn(service, 'constructor'), false);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('does not read a polluted Object.prototype as a field', () => {
    const prototype = Object.prototype as unknown as Record<string, unknown>;
    prototype.name = 'Polluted';
    try {
      assert.equal(rejectedReason({ id: 1, type: 'bank', country_code: 'VN' }), 'name is missing');
    } finally {
      delete prototype.name;
    }
  });
});
