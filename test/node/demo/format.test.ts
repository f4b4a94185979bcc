import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, formatMoney } from '../../../demo/format.js';
import { codeLabel, sentenceCase } from '../../../demo/labels.js';

describe("the demo page's money and dates follow the page's language", () => {
  it("writes VND with its own (zero) fraction digits and the locale's grouping", () => {
    const expected = (locale: string) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'VND' }).format(446580000);
    assert.equal(formatMoney('446580000.00', 'VND', 'vi'), expected('vi'));
    assert.equal(formatMoney('446580000.00', 'VND', 'en'), expected('en'));
    // Whatever ICU's spacing, no decimals: "446.580.000 ₫", not "446580000.00 VND".
    assert.match(formatMoney('446580000.00', 'VND', 'vi'), /^446\.580\.000\s₫$/);
    assert.match(formatMoney('446580000.00', 'VND', 'en'), /^₫446,580,000$/);
  });

  it('keeps the two decimals of a currency that has them, and signs movements when asked', () => {
    assert.equal(formatMoney('-12.5', 'MYR', 'en'), new Intl.NumberFormat('en', { style: 'currency', currency: 'MYR' }).format(-12.5));
    assert.equal(formatMoney('1000', 'VND', 'en', { sign: true }), '+₫1,000');
    assert.equal(formatMoney(null, 'VND', 'en'), '—');
  });

  it('writes a calendar date on one line of words, never shifted by the time zone', () => {
    assert.equal(formatDate('2026-09-06', 'en'), new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2026, 8, 6)));
    assert.match(formatDate('2026-09-06', 'en'), /Sep 6, 2026/);
    assert.equal(formatDate('not a date', 'en'), 'not a date');
  });
});

describe('codes read as words', () => {
  it('spells a code as a sentence in English', () => {
    assert.equal(sentenceCase('food_and_dining'), 'Food and dining');
    assert.equal(codeLabel('credit_card', 'en'), 'Credit card');
    assert.equal(codeLabel('bills_and_utilities', 'en-GB'), 'Bills and utilities');
  });

  it('names the known codes in Vietnamese, and falls back to English for others', () => {
    assert.equal(codeLabel('food_and_dining', 'vi'), 'Ăn uống');
    assert.equal(codeLabel('credit_card', 'vi'), 'Thẻ tín dụng');
    assert.equal(codeLabel('crypto_gains', 'vi'), 'Crypto gains');
  });
});
