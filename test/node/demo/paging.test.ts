import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageOf } from '../../../demo/paging.js';
import { newestFirst } from '../../../demo/newest-first.js';

describe('paging a long list', () => {
  const items = Array.from({ length: 57 }, (_, index) => index + 1);

  it('gives the slice and its place: 21–40 of 57 on page 2', () => {
    const page = pageOf(items, 2, 20);
    assert.deepEqual([page.first, page.last, page.total, page.page, page.pageCount], [21, 40, 57, 2, 3]);
    assert.deepEqual(page.items, items.slice(20, 40));
  });

  it('clamps a page out of range, and handles an empty list', () => {
    assert.equal(pageOf(items, 9, 20).page, 3);
    assert.deepEqual([pageOf(items, 9, 20).first, pageOf(items, 9, 20).last], [41, 57]);
    assert.equal(pageOf(items, 0, 20).page, 1);
    assert.deepEqual(pageOf([], 1, 20), { items: [], page: 1, pageCount: 1, first: 0, last: 0, total: 0 });
  });
});

describe('transactions newest first', () => {
  it('orders by date, then the later-recorded first within a day', () => {
    const row = (id: number, date: string) => ({ id, date, amount: '1', currency: 'VND', description: '', category: '' });
    const sorted = newestFirst([row(1, '2026-09-01'), row(3, '2026-09-02'), row(2, '2026-09-02'), row(4, '2026-08-31')]);
    assert.deepEqual(sorted.map((entry) => entry.id), [3, 2, 1, 4]);
  });
});
