import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countriesOf, filterServices, parseFilterList, typesOf } from '../../../src/catalog/filter.js';
import { makeService } from './fixtures.js';

describe('parseFilterList', () => {
  it('splits, trims, drops empty items, normalises case and deduplicates', () => {
    assert.deepEqual(parseFilterList('vn, MY,,', 'upper'), ['VN', 'MY']);
    assert.deepEqual(parseFilterList(' Bank ,statement, bank', 'lower'), ['bank', 'statement']);
    assert.deepEqual(parseFilterList('vn,VN,Vn', 'upper'), ['VN']);
  });

  it('gives an empty list for nothing', () => {
    assert.deepEqual(parseFilterList(null, 'upper'), []);
    assert.deepEqual(parseFilterList(undefined, 'upper'), []);
    assert.deepEqual(parseFilterList('', 'upper'), []);
    assert.deepEqual(parseFilterList(' , ,', 'lower'), []);
  });
});

describe('filterServices', () => {
  const services = [
    makeService({ id: 1, country_code: 'VN', type: 'bank' }),
    makeService({ id: 2, country_code: 'MY', type: 'bank' }),
    makeService({ id: 3, country_code: 'VN', type: 'statement' }),
    makeService({ id: 4, country_code: 'SG', type: 'other' }),
  ];
  const ids = (list: readonly { id: number }[]) => list.map((service) => service.id);

  it('keeps everything when no list is given or the lists are empty', () => {
    assert.deepEqual(ids(filterServices(services, {})), [1, 2, 3, 4]);
    assert.deepEqual(ids(filterServices(services, { countries: [], types: [] })), [1, 2, 3, 4]);
  });

  it('returns a new array, not the catalog itself', () => {
    assert.notEqual(filterServices(services, {}), services);
  });

  it('filters by country, case-insensitively', () => {
    assert.deepEqual(ids(filterServices(services, { countries: ['vn'] })), [1, 3]);
    assert.deepEqual(ids(filterServices(services, { countries: ['VN', 'Sg'] })), [1, 3, 4]);
  });

  it('filters by type, case-insensitively', () => {
    assert.deepEqual(ids(filterServices(services, { types: ['BANK'] })), [1, 2]);
  });

  it('combines both filters', () => {
    assert.deepEqual(ids(filterServices(services, { countries: ['VN'], types: ['bank'] })), [1]);
    assert.deepEqual(ids(filterServices(services, { countries: ['FR'], types: ['bank'] })), []);
  });
});

describe('countriesOf and typesOf', () => {
  it('list the distinct values present, sorted', () => {
    const services = [
      makeService({ id: 1, country_code: 'VN', type: 'statement' }),
      makeService({ id: 2, country_code: 'MY', type: 'bank' }),
      makeService({ id: 3, country_code: 'VN', type: 'bank' }),
      makeService({ id: 4, country_code: 'AU', type: 'other' }),
    ];
    assert.deepEqual(countriesOf(services), ['AU', 'MY', 'VN']);
    assert.deepEqual(typesOf(services), ['bank', 'statement', 'other']);
    assert.deepEqual(countriesOf([]), []);
  });

  it('list the documented types in the spec order, other (the wallets) last, then newer types', () => {
    const types = ['crypto', 'other', 'card', 'statement', 'bank'].map((type, id) => makeService({ id: id + 1, type }));
    assert.deepEqual(typesOf(types), ['bank', 'statement', 'other', 'card', 'crypto']);
  });
});
