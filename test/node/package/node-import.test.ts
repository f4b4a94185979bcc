// The BUILT package imported in Node without a DOM, as server-side rendering frameworks (Next,
// Nuxt, Angular SSR) and partners' backends do. Needs `npm run build` first (npm test runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('Node has no DOM here, so the imports below prove something', () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  // The package's own name resolves through its `exports` to the built files, not the sources.
  for (const entry of ['finsify-connect', 'finsify-connect/server', 'finsify-connect/sandbox']) {
    assert.match(import.meta.resolve(entry), /\/dist\/[a-z]+\.js$/, entry);
  }
});

test('finsify-connect imports without a DOM and exports both element classes and the events', async () => {
  const pkg = await import('finsify-connect');
  assert.equal(typeof pkg.FinsifyServicePicker, 'function');
  assert.equal(typeof pkg.FinsifyConnect, 'function');
  assert.equal(new pkg.FinsifySuccessEvent({ status: 'success', login_id: 1 }).type, 'finsify-success');
});

test('finsify-connect/picker, /connect, /callback and /react import without a DOM', async () => {
  const [picker, connect, callback, react] = await Promise.all([
    import('finsify-connect/picker'),
    import('finsify-connect/connect'),
    import('finsify-connect/callback'),
    import('finsify-connect/react'),
  ]);
  assert.equal(typeof picker.FinsifyServicePicker, 'function');
  assert.equal(typeof connect.FinsifyConnect, 'function');
  assert.equal(typeof react.FinsifyConnect, 'object', 'a React component (forwardRef object)');
  const parsed = callback.parseCallback('https://partner.example/cb/abcdefghijklmnopqrstuvwx/{"status":"success","login_id":7}');
  assert.deepEqual(parsed.ok && parsed.result, { status: 'success', login_id: 7 });
});

test('finsify-connect/sandbox imports without a DOM and serves its catalog', async () => {
  const { createSandbox } = await import('finsify-connect/sandbox');
  const sandbox = createSandbox({});
  const response = await sandbox(new Request('http://sandbox.test/service.json'));
  assert.equal(response.status, 200);
  const body = (await response.json()) as unknown;
  const list = Array.isArray(body) ? body : (body as { data: unknown[] }).data;
  assert.ok(list.length > 0);
});

test('finsify-connect/server imports without a DOM and answers 401 to an anonymous token request', async () => {
  const { createFinsifyProxy, createMemoryStore } = await import('finsify-connect/server');
  const proxy = createFinsifyProxy({
    clientId: 'client',
    serviceSecret: 'secret',
    identify: () => null,
    callbackBaseUrl: 'https://partner.example/finsify/callback',
    allowedOrigins: ['https://partner.example'],
    store: createMemoryStore(),
    rateLimit: false,
  });
  const response = await proxy(
    new Request('https://partner.example/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://partner.example' },
      body: JSON.stringify({ service_id: 8, state: 'abcdefghijklmnopqrstuvwx' }),
    }),
  );
  assert.equal(response.status, 401);
});

test('finsify-connect/server loads undici only when createUndiciTransport is called, which then works', async () => {
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  // Every module the entry imports statically, followed through relative imports: none is undici.
  const seen = new Set<string>();
  const visit = (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const code = readFileSync(fileURLToPath(url), 'utf8');
    for (const match of code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)) {
      const specifier = match[1]!;
      assert.notEqual(specifier, 'undici', `${url} imports undici statically`);
      if (specifier.startsWith('.')) visit(new URL(specifier, url).href);
    }
  };
  visit(import.meta.resolve('finsify-connect/server'));
  assert.ok(seen.size > 5, `followed ${seen.size} modules`);
  const { createUndiciTransport } = await import('finsify-connect/server');
  const transport = await createUndiciTransport();
  assert.equal(typeof transport, 'function');
  await transport.close();
});
