import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STATE_PATTERN, createState, isState, joinUrl } from '../../../src/contract/state.js';

describe('contract: state', () => {
  it('creates 43 URL-safe characters that the pattern accepts, different every time', () => {
    const states = new Set(Array.from({ length: 200 }, () => createState()));
    assert.equal(states.size, 200);
    for (const state of states) {
      assert.match(state, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(isState(state));
    }
    assert.equal(createState(22).length, 22);
    assert.ok(isState(createState(64)));
  });

  it('accepts 22 to 64 of A-Z a-z 0-9 _ - and nothing else', () => {
    for (const good of ['a'.repeat(22), 'Z'.repeat(64), 'abc_DEF-0123456789xyzXYZ']) assert.ok(isState(good), good);
    const bad: unknown[] = ['a'.repeat(21), 'a'.repeat(65), `${'a'.repeat(21)}.`, `${'a'.repeat(21)}é`, `${'a'.repeat(22)}\n`, `${'a'.repeat(21)}/`, `${'a'.repeat(21)} `, 'ａ'.repeat(22), undefined, null, 2 ** 70, ['a'.repeat(22)]];
    for (const value of bad) assert.equal(isState(value), false, String(value));
  });

  it('keeps the exported pattern (finsify-connect/server) to the contract', () => {
    assert.ok(STATE_PATTERN.test('a'.repeat(22)));
    assert.ok(!STATE_PATTERN.test('a'.repeat(65)));
    assert.ok(!STATE_PATTERN.test('ä'.repeat(22)));
  });

  it('joins a base and a state with exactly one slash', () => {
    const state = createState();
    assert.equal(joinUrl('https://p.example/cb', state), `https://p.example/cb/${state}`);
    assert.equal(joinUrl('https://p.example/cb///', state), `https://p.example/cb/${state}`);
  });
});
