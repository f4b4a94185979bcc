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
  }
});
