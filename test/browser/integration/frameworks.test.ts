// The framework examples of demo/frameworks/, as built by demo/frameworks/build.mjs against the
// built package: in each, a person picks a bank and connects it, and the app's own handler (React
// `onSuccess`, Vue `@finsify-success`, Angular `(finsify-success)`) logs the result.
import { assertConnected, closePages, connectFirstBank, openPage } from './helpers.js';

describe('framework examples', () => {
  afterEach(closePages);

  for (const [name, page] of [
    ['React 19 (finsify-connect/react components)', '/demo/frameworks/react/dist/index.html'],
    ['Vue 3 (tags in a template, @finsify-success)', '/demo/frameworks/vue/dist/index.html'],
    ['Angular (standalone component, CUSTOM_ELEMENTS_SCHEMA, (finsify-success))', '/demo/frameworks/angular/dist/browser/index.html'],
  ] as const) {
    it(`${name}: picks a bank, connects it, and the app's handlers see every step`, async () => {
      const frame = await openPage(page);
      assertConnected(await connectFirstBank(frame));
    });

    for (const [outcome, expected] of [
      ['expire', 'finsify-error TokenExpire'],
      ['cancel', 'finsify-exit cancelled'],
    ] as const) {
      it(`${name}: the app's ${expected.split(' ')[0]} handler hears a flow that ends so`, async () => {
        document.cookie = `fixture-outcome=${outcome}; path=/`;
        try {
          const frame = await openPage(page);
          const results = (await connectFirstBank(frame)).filter((line) => /^finsify-(success|error|exit)/.test(line));
          if (results.join() !== expected) throw new Error(`expected only "${expected}", got: ${results.join(' | ')}`);
        } finally {
          document.cookie = 'fixture-outcome=; path=/; max-age=0';
        }
      });
    }
  }
});
