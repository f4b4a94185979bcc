import { expect, fixture, html } from '@open-wc/testing';
describe('smoke', () => {
  it('renders', async () => {
    const el = await fixture(html`<button>hi</button>`);
    await expect(el).to.be.accessible();
  });
});
