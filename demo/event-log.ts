import { html, render } from 'lit';

/** Values shown masked in the demo's log: a login secret must not be read over a shoulder. */
const maskedKeys = new Set(['secret']);

/** A copy of `value` with every secret masked, at any depth. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        maskedKeys.has(key) && typeof inner === 'string' ? `${inner.slice(0, 4)}…(masked)` : maskSecrets(inner),
      ]),
    );
  }
  return value;
}

interface Entry {
  name: string;
  at: string;
  detail: unknown;
}

const storageKey = 'finsify-demo-log';

/**
 * Every event with its detail, newest first. Kept (masked) in sessionStorage so a redirect-mode
 * round trip shows the whole story.
 */
export class EventLog {
  private entries: Entry[];

  constructor(
    private readonly list: HTMLOListElement,
    private readonly limit = 200,
  ) {
    try {
      this.entries = JSON.parse(sessionStorage.getItem(storageKey) ?? '[]') as Entry[];
    } catch {
      this.entries = [];
    }
    this.draw();
  }

  add(name: string, detail: unknown): void {
    this.entries.unshift({ name, at: new Date().toISOString(), detail: maskSecrets(detail) });
    this.entries.length = Math.min(this.entries.length, this.limit);
    sessionStorage.setItem(storageKey, JSON.stringify(this.entries));
    this.draw();
  }

  clear(): void {
    this.entries = [];
    sessionStorage.removeItem(storageKey);
    this.draw();
  }

  private draw(): void {
    render(
      this.entries.map(
        (entry) => html`<li data-event=${entry.name}>
          <div><strong>${entry.name}</strong> <time datetime=${entry.at}>${new Date(entry.at).toLocaleTimeString()}</time></div>
          <pre>${JSON.stringify(entry.detail, null, 2)}</pre>
        </li>`,
      ),
      this.list,
    );
  }
}
