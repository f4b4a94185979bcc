import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  contrastRatio,
  initials,
  normalizeHexColor,
  readableTextColor,
  relativeLuminance,
} from '../../../src/catalog/colors.js';

describe('normalizeHexColor', () => {
  it('normalises 3- and 6-digit hex, with or without #, to lower-case #rrggbb', () => {
    assert.equal(normalizeHexColor('ED1B24'), '#ed1b24');
    assert.equal(normalizeHexColor('#FEF200'), '#fef200');
    assert.equal(normalizeHexColor('abc'), '#aabbcc');
    assert.equal(normalizeHexColor('#0F0'), '#00ff00');
    assert.equal(normalizeHexColor(' #0f0 '), '#00ff00');
  });

  const refused: unknown[] = [
    'red',
    'transparent',
    'red;background:url(https://evil.example/x)',
    'url(https://evil.example/x)',
    'var(--x)',
    '#ggg',
    '#12',
    '#1234',
    '#12345678',
    '##123456',
    '#123456;',
    '123456 !important',
    'rgb(1,2,3)',
    '',
    0xed1b24,
    null,
    undefined,
    { primary: '#fff' },
    ['#fff'],
  ];
  for (const value of refused) {
    it(`refuses ${JSON.stringify(value) ?? String(value)}`, () => {
      assert.equal(normalizeHexColor(value), null);
    });
  }
});

describe('relativeLuminance and contrastRatio', () => {
  it('follow WCAG 2.x for the reference points', () => {
    assert.equal(relativeLuminance('#000'), 0);
    assert.equal(relativeLuminance('#fff'), 1);
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#000000'), 21);
    assert.equal(contrastRatio('#777777', '#777777'), 1);
    // #767676 on white is the well-known lightest grey that passes 4.5:1.
    assert.ok(contrastRatio('#767676', '#ffffff') >= 4.5);
    assert.ok(contrastRatio('#777777', '#ffffff') < 4.5);
  });

  it('throw a RangeError for something that is not a hex colour', () => {
    assert.throws(() => relativeLuminance('red'), RangeError);
    assert.throws(() => contrastRatio('#fff', 'url(x)'), RangeError);
  });
});

describe('readableTextColor', () => {
  it('picks black on light and white on dark backgrounds', () => {
    assert.equal(readableTextColor('#ffffff'), '#000000');
    assert.equal(readableTextColor('#fef200'), '#000000');
    assert.equal(readableTextColor('#000000'), '#ffffff');
    assert.equal(readableTextColor('#1a237e'), '#ffffff');
  });

  it('keeps at least 4.5:1 on every 12-bit colour and a spread of 24-bit ones', () => {
    const hex = (value: number, digits: number) => `#${value.toString(16).padStart(digits, '0')}`;
    const backgrounds: string[] = [];
    for (let value = 0; value < 0x1000; value++) backgrounds.push(hex(value, 3));
    for (let value = 0; value < 0x1000000; value += 3331) backgrounds.push(hex(value, 6));
    let worst = 21;
    for (const background of backgrounds) {
      worst = Math.min(worst, contrastRatio(background, readableTextColor(background)));
    }
    assert.ok(backgrounds.length > 9000);
    assert.ok(worst >= 4.5, `worst contrast ${worst}`);
  });
});

describe('initials', () => {
  it('takes the first letter of the first two words', () => {
    assert.equal(initials('Ngân hàng Á Châu'), 'NH');
    assert.equal(initials('Westpac Bank'), 'WB');
    assert.equal(initials('Vietcombank'), 'V');
  });

  it('upper-cases Vietnamese letters and keeps decomposed marks with their letter', () => {
    assert.equal(initials('đông á'), 'ĐÁ');
    assert.equal(initials('A\u0301 Châu'), 'ÁC');
  });

  it('skips words of digits or punctuation, but uses letters inside brackets', () => {
    assert.equal(initials('123 - & Maybank'), 'M');
    assert.equal(initials('(ACB) 24/7 Bank'), 'AB');
  });

  it('falls back to ? when there is no letter', () => {
    assert.equal(initials(''), '?');
    assert.equal(initials('  '), '?');
    assert.equal(initials('123 456'), '?');
  });
});
