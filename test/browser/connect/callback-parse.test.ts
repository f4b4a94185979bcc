import { expect } from '@open-wc/testing';
import { parseCallback } from '../../../src/callback.js';
import { NO_RESULT, cleanCallbackUrl } from '../../../src/connect/callback-parse.js';

const STATE = 'abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE';
const BASE = `https://partner.example/finsify/callback/${STATE}/`;
const json = (value: unknown) => JSON.stringify(value);

function expectInvalid(url: string, pattern?: RegExp) {
  const parsed = parseCallback(url);
  expect(parsed.ok, url.slice(0, 200)).to.equal(false);
  if (!parsed.ok) {
    expect(parsed.error).to.equal('CallbackInvalid');
    if (pattern) expect(parsed.message).to.match(pattern);
  }
  return parsed;
}

describe('parseCallback', () => {
  it('reads a percent-encoded JSON result and the state before it', () => {
    const parsed = parseCallback(BASE + encodeURIComponent(json({ status: 'success', login_id: 23456, secret: '78cea84c-7eb8-4425-2312-3a1ac8383afe' })));
    expect(parsed).to.deep.equal({ ok: true, state: STATE, result: { status: 'success', login_id: 23456, secret: '78cea84c-7eb8-4425-2312-3a1ac8383afe' } });
  });

  it('reads a raw JSON result, as Finsify documents it', () => {
    const parsed = parseCallback(`${BASE}{"status":"success","login_id":23456,"secret":"78cea84c-7eb8-4425-2312-3a1ac8383afe"}`);
    expect(parsed.ok).to.equal(true);
    if (parsed.ok) expect(parsed.result).to.deep.equal({ status: 'success', login_id: 23456, secret: '78cea84c-7eb8-4425-2312-3a1ac8383afe' });
  });

  it('reads the partly encoded form a browser makes of the raw one, and a URL object', () => {
    const parsed = parseCallback(new URL(`${BASE}{"status": "success", "login_id": 7}`));
    expect(parsed.ok && parsed.result).to.deep.equal({ status: 'success', login_id: 7 });
    expect(parsed.state).to.equal(STATE);
  });

  it('reads the spec example with a custom scheme and no state', () => {
    const parsed = parseCallback('yourapp://finsify-hub/{"status":"success","login_id":23456,"secret":"78cea84c-7eb8-4425-2312-3a1ac8383afe"}');
    expect(parsed.ok && parsed.result.login_id).to.equal(23456);
    expect(parsed.state).to.equal(undefined);
  });

  it('joins a raw JSON result that holds a slash', () => {
    const parsed = parseCallback(`${BASE}{"status":"success","login_id":1,"secret":"a/b"}`);
    expect(parsed.ok && parsed.result.secret).to.equal('a/b');
  });

  it('reads query parameters, as a backend-kept done page sends them', () => {
    const parsed = parseCallback(`https://partner.example/finsify/done?status=success&login_id=23456&state=${STATE}&lang=vi`);
    expect(parsed).to.deep.equal({ ok: true, state: STATE, result: { status: 'success', login_id: 23456 } });
  });

  it("reads the reference proxy's done page: the state as last segment, the result as parameters", () => {
    const parsed = parseCallback(`https://partner.example/finsify/done/${STATE}?status=success&login_id=23456`);
    expect(parsed).to.deep.equal({ ok: true, state: STATE, result: { status: 'success', login_id: 23456 } });
  });

  it('refuses a result encoded twice as CallbackInvalid, still naming its state', () => {
    const twice = encodeURIComponent(encodeURIComponent(json({ status: 'success', login_id: 1, secret: 's3cr3t-value' })));
    const parsed = expectInvalid(BASE + twice, /not JSON/);
    expect(parsed.state).to.equal(STATE);
  });

  it('accepts login_id as a digit string ("1")', () => {
    const parsed = parseCallback(BASE + encodeURIComponent(json({ status: 'success', login_id: '1' })));
    expect(parsed.ok && parsed.result.login_id).to.equal(1);
  });

  for (const [label, value] of [
    ['-1', -1],
    ['0', 0],
    ['"12abc"', '12abc'],
    ['1.5', 1.5],
    ['"-1"', '-1'],
    ['2^53', 2 ** 53],
    ['"99999999999999999"', '99999999999999999'],
    ['true', true],
    ['an object', { id: 1 }],
  ] as const) {
    it(`refuses login_id ${label}`, () => {
      expectInvalid(BASE + encodeURIComponent(json({ status: 'success', login_id: value })), /login_id/);
    });
  }

  it('refuses login_id 1e309 (Infinity once parsed)', () => {
    expectInvalid(`${BASE}${encodeURIComponent('{"status":"success","login_id":1e309}')}`, /login_id/);
  });

  it('refuses a success without login_id', () => {
    expectInvalid(BASE + encodeURIComponent(json({ status: 'success' })), /login_id/);
  });

  it('accepts a status of up to 64 characters, as the backend does', () => {
    const status = `login_${'x'.repeat(58)}`;
    const parsed = parseCallback(BASE + encodeURIComponent(json({ status })));
    expect(parsed.ok && parsed.result).to.deep.equal({ status });
  });

  it('accepts a cancelled result without login_id, and null fields', () => {
    const parsed = parseCallback(BASE + encodeURIComponent(json({ status: 'cancelled', login_id: null, secret: null })));
    expect(parsed.ok && parsed.result).to.deep.equal({ status: 'cancelled' });
  });

  for (const [label, secret] of [
    ['too long', 'x'.repeat(257)],
    ['empty', ''],
    ['with a control character', 'abc\u0000def'],
    ['with a newline', 'abc\ndef'],
    ['not a string', 12345],
  ] as const) {
    it(`refuses a secret ${label}`, () => {
      expectInvalid(BASE + encodeURIComponent(json({ status: 'success', login_id: 1, secret })), /secret/);
    });
  }

  for (const [label, status] of [
    ['missing', undefined],
    ['too long', 's'.repeat(65)],
    ['starting with a digit', '1failed'],
    ['starting with _', '_failed'],
    ['with markup', '<img src=x>'],
    ['a number', 1],
  ] as const) {
    it(`refuses a status ${label}`, () => {
      expectInvalid(BASE + encodeURIComponent(json({ status, login_id: 1 })), /status/);
    });
  }

  it('refuses a 50 KB payload before parsing it, but still names the state', () => {
    const parsed = expectInvalid(BASE + encodeURIComponent(json({ status: 'success', login_id: 1, pad: 'x'.repeat(50_000) })), /too long/);
    expect(parsed.state).to.equal(STATE);
  });

  it('refuses a megabyte without looking at it', () => {
    const parsed = expectInvalid(BASE + 'x'.repeat(1_000_000), /too long/);
    expect(parsed.state).to.equal(undefined);
  });

  for (const broken of ['%7B%22status%22%3A%ZZ', '%7B%E0%A4%A', '{%', '%7B%22status%22%3A%22success%22%2C%22login_id%22%3A1%7']) {
    it(`refuses broken percent-encoding ${broken} cleanly`, () => {
      const parsed = expectInvalid(BASE + broken);
      expect(parsed.state).to.equal(STATE);
    });
  }

  it('refuses JSON that is not an object', () => {
    for (const value of ['[1,2]', 'null', '"success"', '{"status":"success"']) expectInvalid(BASE + encodeURIComponent(value));
  });

  it('keeps __proto__ keys harmless: only known fields are copied', () => {
    const parsed = parseCallback(BASE + encodeURIComponent('{"status":"success","login_id":5,"__proto__":{"secret":"stolen","polluted":true},"constructor":{"prototype":{"polluted":true}}}'));
    expect(parsed.ok && parsed.result).to.deep.equal({ status: 'success', login_id: 5 });
    expect(Object.keys((parsed.ok && parsed.result) || {})).to.deep.equal(['status', 'login_id']);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });

  it('does not take fields from the prototype chain', () => {
    const parsed = parseCallback(BASE + encodeURIComponent('{"__proto__":{"status":"success","login_id":3}}'));
    expect(parsed.ok).to.equal(false);
  });

  it('says when a URL has no result at all, and ignores a state that is not one', () => {
    expectInvalid('https://partner.example/finsify/callback', /no result/i);
    const parsed = parseCallback(`https://partner.example/finsify/callback/short/${encodeURIComponent(json({ status: 'success', login_id: 1 }))}`);
    expect(parsed.ok && parsed.state).to.equal(undefined);
  });

  it('never throws, whatever it is given', () => {
    const samples = ['', ' ', '%', '{', '%7B', '::::', 'http://[', '/\u0000/{', '\uD800', `${BASE}%7B${'%'.repeat(100)}`];
    for (let i = 0; i < 300; i++) {
      let text = '';
      const length = Math.floor(Math.random() * 60);
      for (let j = 0; j < length; j++) text += String.fromCharCode(Math.floor(Math.random() * 0x3000));
      samples.push(BASE + text, text);
    }
    for (const sample of samples) expect(() => parseCallback(sample)).not.to.throw();
  });
});

describe('cleanCallbackUrl', () => {
  it('removes the state and result segments, keeps the rest', () => {
    expect(cleanCallbackUrl(`${BASE}${encodeURIComponent('{"status":"success"}')}#top`)).to.equal('/finsify/callback#top');
  });

  it('removes result parameters, keeps the others', () => {
    expect(cleanCallbackUrl(`https://p.example/done?lang=vi&status=success&login_id=1&secret=s&state=${STATE}`)).to.equal('/done?lang=vi');
  });

  it("removes the state segment of the proxy's done page", () => {
    expect(cleanCallbackUrl(`https://p.example/finsify/done/${STATE}?status=success&login_id=1&lang=vi`)).to.equal('/finsify/done?lang=vi');
    expect(cleanCallbackUrl(`https://p.example/finsify/done/${STATE}`)).to.equal(`/finsify/done/${STATE}`);
  });

  it('removes a payload it cannot parse', () => {
    expect(cleanCallbackUrl(`${BASE}%7B%ZZ`)).to.equal('/finsify/callback');
    expect(cleanCallbackUrl(`${BASE}{"secret":"a/b/c"}`)).to.equal('/finsify/callback');
  });

  it('removes a result encoded twice', () => {
    const twice = encodeURIComponent(encodeURIComponent(json({ status: 'success', login_id: 1, secret: 's3cr3t-value' })));
    expect(cleanCallbackUrl(`${BASE}${twice}?lang=vi`)).to.equal('/finsify/callback');
  });

  it("keeps a page's own path when the state comes as a parameter, trailing slash and all", () => {
    const page = 'https://p.example/finsify/callback-complete-page/';
    expect(parseCallback(`${page}?state=${STATE}&status=success&login_id=1`)).to.deep.equal({ ok: true, state: STATE, result: { status: 'success', login_id: 1 } });
    expect(cleanCallbackUrl(`${page}?state=${STATE}&status=success&login_id=1&lang=vi`)).to.equal('/finsify/callback-complete-page/?lang=vi');
  });

  it('removes the query and fragment a raw payload spilled into', () => {
    expect(cleanCallbackUrl(`${BASE}{"status":"success","login_id":1,"secret":"a#b"}`)).to.equal('/finsify/callback');
    expect(cleanCallbackUrl(`${BASE}{"status":"success","login_id":1,"secret":"a?b=c"}`)).to.equal('/finsify/callback');
  });
});

describe('a page without a result', () => {
  it('is told from a callback URL by its message, even when it names a state', () => {
    const message = (url: string) => {
      const parsed = parseCallback(url);
      return parsed.ok ? 'ok' : parsed.message;
    };
    expect(message(`${BASE}%7B%7D`)).not.to.equal(NO_RESULT);
    expect(message('https://p.example/done?status=success')).not.to.equal(NO_RESULT);
    expect(message('about:blank')).to.equal(NO_RESULT);
    expect(message(`https://p.example/fixtures/connect/page?state=${STATE}`)).to.equal(NO_RESULT);
    expect(message(`https://p.example/finsify/done/${STATE}`)).to.equal(NO_RESULT);
    // However long: a long address without a result is no broken result.
    expect(message(`https://p.example/account/${STATE}?pad=${'x'.repeat(5000)}`)).to.equal(NO_RESULT);
  });
});
