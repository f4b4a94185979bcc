import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldWithOffsets } from '../../../src/catalog/fold.js';
import { buildSearchIndex, foldText, searchServices, type SearchHit } from '../../../src/catalog/search.js';
import { makeService } from './fixtures.js';

function indexOf(...names: string[]) {
  return buildSearchIndex(names.map((name, i) => makeService({ id: i + 1, name })));
}

function names(hits: SearchHit[]): string[] {
  return hits.map((hit) => hit.service.name);
}

/** The highlighted parts of each hit's original name. */
function highlighted(hit: SearchHit | undefined): string[] {
  assert.ok(hit);
  return hit.ranges.map(([start, end]) => hit.service.name.slice(start, end));
}

describe('foldText', () => {
  it('lower-cases and strips Vietnamese diacritics, đ included', () => {
    assert.equal(foldText('Ngân hàng Á Châu'), 'ngan hang a chau');
    assert.equal(foldText('Đông Á Bank'), 'dong a bank');
    assert.equal(foldText('đường Lê Lợi'), 'duong le loi');
    assert.equal(foldText('Tiền Phong'), 'tien phong');
    assert.equal(foldText('ỦY BAN'), 'uy ban');
  });

  it('folds decomposed (NFD) input the same as composed', () => {
    assert.equal(foldText('Nga\u0302n ha\u0300ng'), 'ngan hang');
  });

  it('folds letters that NFD keeps whole', () => {
    assert.equal(foldText('Øresund Łódź Straße Æble'), 'oresund lodz strasse aeble');
  });

  it('collapses and trims whitespace', () => {
    assert.equal(foldText('  Viet \t\n com  '), 'viet com');
    assert.equal(foldText(' \u00a0 '), '');
  });
});

describe('foldWithOffsets', () => {
  it('maps each folded unit back to its source character, marks included', () => {
    const name = 'Nga\u0302n  ha\u0300ng';
    const folded = foldWithOffsets(name);
    assert.equal(folded.text, 'ngan hang');
    assert.deepEqual([...folded.sourceStart], [0, 1, 2, 4, 5, 7, 8, 10, 11]);
    assert.deepEqual([...folded.sourceEnd], [1, 2, 4, 5, 7, 8, 10, 11, 12]);
  });

  it('maps both units of a one-to-two fold to the same source character', () => {
    const folded = foldWithOffsets('Straße');
    assert.equal(folded.text, 'strasse');
    assert.equal(folded.sourceStart[4], 4);
    assert.equal(folded.sourceStart[5], 4);
    assert.equal(folded.sourceEnd[5], 5);
  });

  it('keeps astral characters whole', () => {
    const folded = foldWithOffsets('💰 Bank');
    assert.equal(folded.text, '💰 bank');
    assert.equal(folded.sourceStart[3], 3);
  });
});

describe('searchServices', () => {
  const catalog = indexOf(
    'Vietcombank',
    'Ngân hàng TMCP Á Châu (ACB)',
    'Đông Á Bank',
    'Techcombank',
    'BIDV - Ngân hàng Đầu tư',
    'AmBank',
    'Maybank2u',
  );

  it('returns every service in catalog order, with no ranges, for an empty or blank query', () => {
    for (const query of ['', '   ', '\t']) {
      const hits = searchServices(catalog, query);
      assert.deepEqual(names(hits), catalog.services.map((service) => service.name));
      assert.deepEqual(hits.map((hit) => hit.index), [0, 1, 2, 3, 4, 5, 6]);
      assert.ok(hits.every((hit) => hit.ranges.length === 0));
    }
  });

  it('finds names regardless of case and diacritics', () => {
    assert.deepEqual(names(searchServices(catalog, 'vietcom')), ['Vietcombank']);
    assert.deepEqual(names(searchServices(catalog, 'VIETCOMBANK')), ['Vietcombank']);
    assert.deepEqual(names(searchServices(catalog, 'ngan hang')), ['Ngân hàng TMCP Á Châu (ACB)', 'BIDV - Ngân hàng Đầu tư']);
    assert.deepEqual(names(searchServices(catalog, 'dong a')), ['Đông Á Bank']);
    assert.deepEqual(names(searchServices(catalog, 'Đông á')), ['Đông Á Bank']);
  });

  it('requires every word, in any order, anywhere in the name', () => {
    assert.deepEqual(names(searchServices(catalog, 'bank viet')), ['Vietcombank']);
    assert.deepEqual(names(searchServices(catalog, 'chau ngan')), ['Ngân hàng TMCP Á Châu (ACB)']);
    assert.deepEqual(names(searchServices(catalog, 'viet xyz')), []);
  });

  it('ranks whole-name prefixes, then word prefixes, then other matches, in catalog order', () => {
    // 'bank': 'Đông Á Bank' (word start), the others contain it mid-word.
    assert.deepEqual(names(searchServices(catalog, 'bank')), [
      'Đông Á Bank',
      'Vietcombank',
      'Techcombank',
      'AmBank',
      'Maybank2u',
    ]);
    // 'ngan': 'Ngân hàng ...' starts with it; 'BIDV - Ngân ...' has it at a word start.
    assert.deepEqual(names(searchServices(catalog, 'ngan')), ['Ngân hàng TMCP Á Châu (ACB)', 'BIDV - Ngân hàng Đầu tư']);
    const ranked = indexOf('Xbank', 'Bank of X', 'Big Bank', 'Bankers');
    assert.deepEqual(names(searchServices(ranked, 'bank')), ['Bank of X', 'Bankers', 'Big Bank', 'Xbank']);
  });

  it('counts a word after punctuation as a word start', () => {
    assert.deepEqual(names(searchServices(indexOf('XacbY', 'Ngân hàng (ACB)'), 'acb')), ['Ngân hàng (ACB)', 'XacbY']);
  });

  it('highlights exactly the matched text in the original name', () => {
    const [vietcombank] = searchServices(catalog, 'vietcom');
    assert.deepEqual(vietcombank?.ranges, [[0, 7]]);
    assert.deepEqual(highlighted(vietcombank), ['Vietcom']);

    assert.deepEqual(highlighted(searchServices(catalog, 'dong a')[0]), ['Đông Á']);
    assert.deepEqual(highlighted(searchServices(catalog, 'hang chau')[0]), ['hàng', 'Châu']);
    assert.deepEqual(highlighted(searchServices(catalog, 'bank viet')[0]), ['Viet', 'bank']);
    assert.deepEqual(highlighted(searchServices(catalog, 'dau')[0]), ['Đầu']);
  });

  it('highlights whole decomposed letters and merges touching ranges', () => {
    const decomposed = indexOf('Nga\u0302n ha\u0300ng');
    assert.deepEqual(highlighted(searchServices(decomposed, 'nga')[0]), ['Nga\u0302']);
    assert.deepEqual(searchServices(decomposed, 'ha ang')[0]?.ranges, [[6, 11]]);
    assert.deepEqual(searchServices(indexOf('Vietcombank'), 'viet com')[0]?.ranges, [[0, 7]]);
    assert.deepEqual(highlighted(searchServices(indexOf('Straße'), 'stras')[0]), ['Straß']);
  });

  it('prefers a word-start occurrence for the highlight', () => {
    const [hit] = searchServices(indexOf('Abank Bank'), 'bank');
    assert.deepEqual(hit?.ranges, [[6, 10]]);
  });

  it('gives the same ranges on every read of a hit', () => {
    const [hit] = searchServices(catalog, 'ngan hang');
    assert.ok(hit);
    assert.equal(hit.ranges, hit.ranges);
    assert.deepEqual(highlighted(hit), ['Ngân hàng']);
  });

  it('reports each hit with its position in index.services', () => {
    const hits = searchServices(catalog, 'bank');
    for (const hit of hits) assert.equal(catalog.services[hit.index], hit.service);
  });

  it('handles 10,000 services without error and finds the right ones', () => {
    const many = indexOf(...Array.from({ length: 10000 }, (_, i) => `Ngân hàng số ${i}`));
    assert.equal(searchServices(many, 'ngan hang').length, 10000);
    assert.deepEqual(names(searchServices(many, 'so 9999')), ['Ngân hàng số 9999']);
  });
});

describe('searchServices while typing', () => {
  const catalogNames = ['Saigon Lotus Bank 7', 'Sài Gòn Thương Tín', 'Lotus Saigon Pay', 'Đông Á Bank', 'Straße Bank', 'Saigon Saigon', 'Bank of Saigon 77', 'Ocean'];
  const key = (hits: ReturnType<typeof searchServices>) => hits.map((hit) => `${hit.index}:${JSON.stringify(hit.ranges)}`);

  it('gives what a fresh search gives at every step of typing, deleting and retyping', () => {
    const typed = indexOf(...catalogNames);
    const steps = ['s', 'sa', 'sai', 'saig', 'saigon', 'saigon ', 'saigon l', 'saigon lo', 'saigon', 'sa', 'b', 'ba', 'bank', 'bank 7', 'bank 77', 'dong', 'đông á', 'ss', 'strasse'];
    for (const query of steps) {
      assert.deepEqual(key(searchServices(typed, query)), key(searchServices(indexOf(...catalogNames), query)), `query ${JSON.stringify(query)}`);
    }
  });

  it('narrows to nothing and widens again when the query is shortened', () => {
    const typed = indexOf(...catalogNames);
    assert.equal(searchServices(typed, 'saigonx').length, 0);
    // 'Sài Gòn' folds to 'sai gon', which does not contain 'saigon'.
    assert.equal(searchServices(typed, 'saigon').length, 4);
  });
});

describe('foldText', () => {
  it('gives exactly the text foldWithOffsets maps, so highlights line up', () => {
    const pieces = ['Ngân', 'HÀNG', 'Đông', 'Á', 'Straße', 'ΟΔΟΣ', 'Σ', 'İstanbul', 'Øre', 'Łódź', 'Œuvre', 'ǅ', '💰', 'café', 'cafe\u0301', 'x\u0308\u0301', 'ﬁ', '½', '\u00a0', '\t', '  ', '\u2003', 'A1', '-', '(ACB)'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let sample = 0; sample < 2000; sample++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join(random() < 0.7 ? ' ' : '');
      assert.equal(foldText(text), foldWithOffsets(text).text, JSON.stringify(text));
    }
  });
});
