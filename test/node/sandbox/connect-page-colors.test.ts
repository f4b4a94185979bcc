import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio, isRedHue } from '../../../src/sandbox/color.js';
import { SERVICE_SEEDS, seedById } from '../../../src/sandbox/data/services.js';
import { brandColors, ERROR_COLORS, SURFACE, type ColorScheme } from '../../../src/sandbox/page-colors.js';
import { newToken, postForm, sandbox } from './helpers.js';

const SCHEMES: ColorScheme[] = ['light', 'dark'];

describe('sandbox connect pages: brand colours', () => {
  it('keeps header and button text at 4.5:1 or more for every catalog service, in both schemes', () => {
    assert.ok(SERVICE_SEEDS.length > 40);
    for (const seed of SERVICE_SEEDS) {
      for (const scheme of SCHEMES) {
        const colors = brandColors(`#${seed.primary}`, scheme);
        const where = `${seed.name} (#${seed.primary}, ${scheme})`;
        assert.ok(contrastRatio(colors.header, colors.onHeader) >= 4.5, `header text of ${where}`);
        assert.ok(contrastRatio(colors.button, colors.onButton) >= 4.5, `button text of ${where}`);
        assert.ok(contrastRatio(colors.accent, SURFACE[scheme]) >= 4.5, `accent text of ${where}`);
        assert.ok(contrastRatio(colors.buttonBorder, SURFACE[scheme]) >= 3, `button outline of ${where}`);
      }
    }
  });

  it('never gives a button the error colour or a red hue', () => {
    for (const seed of SERVICE_SEEDS) {
      for (const scheme of SCHEMES) {
        const { button, accent } = brandColors(`#${seed.primary}`, scheme);
        const where = `${seed.name} (#${seed.primary}, ${scheme})`;
        assert.ok(!isRedHue(button), `button of ${where} is ${button}`);
        assert.ok(!isRedHue(accent), `accent of ${where} is ${accent}`);
        for (const error of Object.values(ERROR_COLORS)) assert.notEqual(button.toLowerCase(), error.text);
      }
    }
  });

  it('keeps a red brand on the header only, with a neutral button (Techcombank, HDBank)', () => {
    for (const id of [8, 12]) {
      const primary = `#${seedById(id)!.primary}`;
      assert.ok(isRedHue(primary), primary);
      assert.deepEqual(
        SCHEMES.map((scheme) => brandColors(primary, scheme)).map(({ header, button, onButton }) => ({ header, button, onButton })),
        [
          { header: primary, button: '#1f2937', onButton: '#ffffff' },
          { header: primary, button: '#e5e7eb', onButton: '#000000' },
        ],
      );
    }
  });

  it('tells red from orange and magenta brands', () => {
    for (const red of ['#ED1C24', '#E41E26', '#AE1C3F', '#EE4D2D', '#C8102E', '#b91c1c']) assert.ok(isRedHue(red), red);
    for (const other of ['#F47920', '#FF8300', '#A50064', '#FFC83D', '#00703C', '#1f2937', '#ffffff']) assert.ok(!isRedHue(other), other);
  });

  it('picks header and button text by the same rule on the page (Techcombank: black on its red, white on the dark button)', async () => {
    const handler = sandbox();
    const token = await newToken(handler, 8);
    const page = await (await handler(new Request(`${token.connect_url}?theme=light`))).text();
    assert.match(page, /--header: #ED1C24; --on-header: #000000; --button: #1f2937; --on-button: #ffffff;/);
  });

  it('shows a login error with an icon and a title, not by its colour alone', async () => {
    const handler = sandbox();
    const token = await newToken(handler);
    await postForm(handler, token.connect_url, { action: 'accept' });
    const page = await (await postForm(handler, token.connect_url, { action: 'login', username: 'demo', password: 'nope' })).text();
    assert.match(page, /<div class="error" id="form-error" role="alert"><svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">/);
    assert.match(page, /<strong>Sign-in failed<\/strong>/);
  });
});
