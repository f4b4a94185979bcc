import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coverUrl, isPlainFileName, logoUrl, mediaUrl, type CoverSize } from '../../../src/catalog/media.js';

const MEDIA = 'https://assets.finsify.com/services/';

describe('logoUrl', () => {
  it('joins media_path and logo_file_name', () => {
    assert.equal(
      logoUrl({ media_path: MEDIA, logo_file_name: 'ambank-logo.png' }),
      'https://assets.finsify.com/services/ambank-logo.png',
    );
  });

  it('treats a media_path without a trailing slash as a folder', () => {
    assert.equal(
      logoUrl({ media_path: 'https://assets.finsify.com/services', logo_file_name: 'a.png' }),
      'https://assets.finsify.com/services/a.png',
    );
  });

  it('percent-encodes non-ASCII file names instead of refusing them', () => {
    assert.equal(logoUrl({ media_path: MEDIA, logo_file_name: 'ngân.png' }), `${MEDIA}ng%C3%A2n.png`);
  });

  it('is null when either part is missing', () => {
    assert.equal(logoUrl({ media_path: null, logo_file_name: 'a.png' }), null);
    assert.equal(logoUrl({ media_path: MEDIA, logo_file_name: null }), null);
  });

  const unsafeFileNames = [
    '../x.png',
    '..',
    '.',
    'a..png',
    '%2e%2e/x.png',
    '%2e%2e',
    '%2E.',
    '.%2e',
    'https://evil.example/x.png',
    '//evil.example/x.png',
    'javascript:alert(1)',
    'a\\b.png',
    '..\\x.png',
    'dir/x.png',
    'x.png?y=1',
    'x.png#frag',
    'a b.png',
    'a\tb.png',
    'a\u0000b.png',
    '',
    'a'.repeat(129),
  ];
  for (const fileName of unsafeFileNames) {
    it(`is null for the file name ${JSON.stringify(fileName.length > 40 ? `${fileName.slice(0, 10)}…` : fileName)}`, () => {
      assert.equal(logoUrl({ media_path: MEDIA, logo_file_name: fileName }), null);
      assert.equal(isPlainFileName(fileName), false);
    });
  }

  const unsafeMediaPaths = [
    'javascript:alert(1)//',
    'JAVASCRIPT://example.com/%0aalert(1)',
    'data:image/png;base64,AAAA/',
    '//assets.finsify.com/services/',
    '/services/',
    'services/',
    'ftp://assets.finsify.com/services/',
    'https://a.example/services/../',
    'https://a.example/services/..',
    'https://a.example/x..y/',
    'https://a.example/services/%2e%2e/',
    'https://a.example/services/%2E./',
    'https://a.example/services/.%2e/',
    'https://a.example/services/%252e%252e/',
    'https://a.example/services/..%2f/',
    'https://a.example/services\\..\\',
    'https://a.example/services/./',
    'https://a.example/%zz/',
    'https://user:pass@a.example/services/',
    'https://a.example/services/?v=1',
    'https://a.example/services/#x',
    ' https://a.example/services/',
  ];
  for (const mediaPath of unsafeMediaPaths) {
    it(`is null for the media_path ${JSON.stringify(mediaPath)}`, () => {
      assert.equal(logoUrl({ media_path: mediaPath, logo_file_name: 'a.png' }), null);
    });
  }

  it('accepts a file name that is a long but plain name', () => {
    const name = `${'a'.repeat(124)}.png`;
    assert.equal(logoUrl({ media_path: MEDIA, logo_file_name: name }), MEDIA + name);
  });
});

describe('mediaUrl', () => {
  it('keeps plain but odd file names inside the origin and path of media_path', () => {
    const fileNames = ['a.png', '.png', 'a.b.c', '-', '~x', '@evil.example', 'évil.png', '[x]', 'a;b=c.png'];
    for (const fileName of fileNames) {
      const url = mediaUrl(MEDIA, fileName);
      assert.notEqual(url, null, fileName);
      const parsed = new URL(url ?? '');
      assert.equal(parsed.origin, 'https://assets.finsify.com', fileName);
      assert.ok(parsed.pathname.startsWith('/services/'), fileName);
    }
  });

  it('is null for values that are not strings', () => {
    assert.equal(mediaUrl(42, 'a.png'), null);
    assert.equal(mediaUrl(MEDIA, { toString: () => 'a.png' }), null);
  });
});

describe('coverUrl', () => {
  it('inserts the size before the extension', () => {
    const service = { media_path: MEDIA, cover_file_name: 'ambank-cover.png' };
    assert.equal(coverUrl(service, 'small'), `${MEDIA}ambank-cover-small.png`);
    assert.equal(coverUrl(service, 'medium'), `${MEDIA}ambank-cover-medium.png`);
    assert.equal(coverUrl(service, 'large'), `${MEDIA}ambank-cover-large.png`);
    assert.equal(
      coverUrl({ media_path: MEDIA, cover_file_name: 'westpac_bank-cover.jpg' }, 'large'),
      `${MEDIA}westpac_bank-cover-large.jpg`,
    );
  });

  it('uses only the last dot, and appends the size when there is no extension', () => {
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: 'a.b.webp' }, 'small'), `${MEDIA}a.b-small.webp`);
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: 'cover' }, 'small'), `${MEDIA}cover-small`);
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: '.cover' }, 'small'), `${MEDIA}.cover-small`);
  });

  it('is null for unsafe names, unsafe media paths and unknown sizes', () => {
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: '../x.png' }, 'small'), null);
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: '%2e%2e' }, 'small'), null);
    assert.equal(coverUrl({ media_path: 'javascript:alert(1)', cover_file_name: 'x.png' }, 'small'), null);
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: null }, 'small'), null);
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: 'x.png' }, 'huge' as CoverSize), null);
    assert.equal(coverUrl({ media_path: MEDIA, cover_file_name: 'x.png' }, '../../x' as CoverSize), null);
  });
});
