import { html, render } from 'lit';
import { formatTime } from './format.js';

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
    /** The page's language, for the times. */
    private readonly locale: () => string = () => document.documentElement.lang || 'en',
  ) {
    try {
      this.entries = JSON.parse(sessionStorage.getItem(storageKey) ?? '[]') as Entry[];
    } catch {
      this.entries = [];
    }
    this.draw();
  }

  /**
   * Logs an event that happened `at` (ISO 8601; default now). An event that happened earlier, a
   * webhook that arrived while the page was away, takes its place by time, not the top.
   */
  add(name: string, detail: unknown, at = new Date().toISOString()): void {
    const entry = { name, at, detail: maskSecrets(detail) };
    const position = this.entries.findIndex((existing) => existing.at <= at);
    this.entries.splice(position === -1 ? this.entries.length : position, 0, entry);
    this.entries.length = Math.min(this.entries.length, this.limit);
    sessionStorage.setItem(storageKey, JSON.stringify(this.entries));
    this.draw();
  }

  clear(): void {
    this.entries = [];
    sessionStorage.removeItem(storageKey);
    this.draw();
  }

  /** Draws again (the page's language changed, say). */
  draw(): void {
    render(
      this.entries.map(
        (entry) => html`<li data-event=${entry.name}>
          <div><strong>${entry.name}</strong> <time datetime=${entry.at}>${formatTime(entry.at, this.locale())}</time></div>
          <pre>${JSON.stringify(entry.detail, null, 2)}</pre>
        </li>`,
      ),
      this.list,
    );
  }
}
