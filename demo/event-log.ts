/** Values shown masked in the demo's log: the login secret must not be read over a shoulder. */
const maskedKeys = new Set(['secret']);

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, maskedKeys.has(key) && typeof inner === 'string' ? `${inner.slice(0, 4)}…(masked)` : mask(inner)]),
    );
  }
  return value;
}

/** Adds one event to the top of the log (newest first), its detail as formatted JSON. */
export function appendLog(log: HTMLOListElement, name: string, detail: unknown, limit = 200): void {
  const item = document.createElement('li');
  const head = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = name;
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  head.append(title, ' ', time);
  const body = document.createElement('pre');
  body.textContent = JSON.stringify(mask(detail), null, 2);
  item.append(head, body);
  log.prepend(item);
  while (log.children.length > limit) log.lastElementChild?.remove();
}
