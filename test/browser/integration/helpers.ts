// Helpers of the integration tests: pages (the framework examples, strict-CSP pages) run in an
// iframe of the test page, each with its own custom element registry, against the BUILT package.

export const LOGIN_ID = 23456;

export interface PageWindow extends Window {
  pageErrors?: string[];
  cspViolations?: Array<Record<string, unknown>>;
  FinsifyConnect?: { completeConnect: unknown; parseCallback: (url: string) => unknown };
}

const frames: HTMLIFrameElement[] = [];

export async function until(predicate: () => unknown, message: string, timeout = 15000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Loads `src` in a visible iframe and resolves once its load event fired. */
export async function openPage(src: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '700px';
  const loaded = new Promise((resolve, reject) => {
    frame.addEventListener('load', resolve, { once: true });
    frame.addEventListener('error', reject, { once: true });
  });
  frame.src = src;
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  return frame;
}

export function closePages(): void {
  for (const frame of frames.splice(0)) frame.remove();
}

export const win = (frame: HTMLIFrameElement) => frame.contentWindow as PageWindow;
export const doc = (frame: HTMLIFrameElement) => frame.contentDocument!;

/** The lines of the example's event log (`#events`). */
export function eventLog(frame: HTMLIFrameElement): string[] {
  return [...doc(frame).querySelectorAll('#events li')].map((item) => item.textContent!.trim());
}

function firstOption(frame: HTMLIFrameElement): HTMLElement | null {
  const picker = doc(frame).querySelector('finsify-service-picker');
  return picker?.shadowRoot?.querySelector<HTMLElement>('[role="option"]') ?? null;
}

/**
 * A person's whole flow on an example page: the picker shows the fixture catalog, a click on the
 * first bank makes `<finsify-connect>` open its popup, the fake Finsify sends the popup to the
 * callback page, and the page's own handler logs `finsify-success`. Returns the log.
 */
export async function connectFirstBank(frame: HTMLIFrameElement): Promise<string[]> {
  await until(() => firstOption(frame), 'the picker shows the catalog');
  firstOption(frame)!.click();
  await until(() => eventLog(frame).some((line) => /^finsify-(success|error|exit)/.test(line)), 'a result reaches the page');
  // A second result event, were one to come, would arrive within a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return eventLog(frame);
}

/** The log of a successful flow: select, open, then exactly one result, the success. */
export function assertConnected(log: string[]): void {
  const results = log.filter((line) => /^finsify-(success|error|exit)/.test(line));
  if (results.length !== 1 || results[0] !== `finsify-success ${LOGIN_ID}`) throw new Error(`expected one finsify-success ${LOGIN_ID}, got: ${log.join(' | ')}`);
  if (!log[0]?.startsWith('finsify-service-select')) throw new Error(`the picker's choice was not seen first: ${log.join(' | ')}`);
  if (!log.includes('finsify-open')) throw new Error(`no finsify-open: ${log.join(' | ')}`);
}
