import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeenWebhooks } from '../../../demo/seen-webhooks.js';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}

const at = (ms: number) => new Date(ms).toISOString();
const webhook = (referenceId: string, receivedMs: number) => ({ type: 'login_status', login_id: 7, referenceId, received_at: at(receivedMs) });

describe("the demo's memory of logged webhooks", () => {
  it('reports each webhook once, oldest first, and none that arrived before the tab began watching', () => {
    const seen = new SeenWebhooks(memoryStorage(), () => 1_000);
    const old = webhook('old', 500);
    const first = webhook('a', 2_000);
    const second = webhook('b', 3_000);
    assert.deepEqual(seen.take([second, first, old]), [first, second]);
    assert.deepEqual(seen.take([second, first, old]), []);
  });

  it('remembers across a reload (same sessionStorage): the backend listing them again is no news', () => {
    const storage = memoryStorage();
    const first = webhook('a', 2_000);
    assert.deepEqual(new SeenWebhooks(storage, () => 1_000).take([first]), [first]);
    const reloaded = new SeenWebhooks(storage, () => 9_000);
    const later = webhook('c', 5_000);
    // Arrived while the page was away (a redirect round trip): still news, at its arrival time.
    assert.deepEqual(reloaded.take([later, first]), [later]);
  });
});
