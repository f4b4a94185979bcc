/**
 * What a failed end-to-end test leaves for the report: a screenshot of every page still open,
 * the console of every page the test opened, and the events the page heard, in
 * `test-results/e2e/<browser> <test name>/` (gitignored).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'puppeteer-core';

const root = new URL('../../../', import.meta.url).pathname;
export const ARTIFACTS_DIR = join(root, 'test-results', 'e2e');

/** A file-system-safe folder name for a test. */
export function artifactName(name: string): string {
  return name
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** Console lines of the pages of one test, each prefixed with its page's label. */
export class ConsoleLog {
  readonly lines: string[] = [];
  private readonly started = Date.now();

  add(label: string, text: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(2).padStart(7);
    this.lines.push(`${seconds}s [${label}] ${text}`);
  }

  /** Records console messages, uncaught errors and navigations of `page`. */
  watch(page: Page, label: string): void {
    page.on('console', (message) => this.add(label, `console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => this.add(label, `page error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.add(label, `navigated to ${frame.url()}`);
    });
    page.on('close', () => this.add(label, 'closed'));
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([work, delay(ms, undefined, { ref: false })]);
}

/**
 * Writes the artifacts and returns their folder relative to the project root. Never throws:
 * a page that cannot be captured any more is noted in `console.log`.
 */
export async function saveArtifacts(
  name: string,
  pages: ReadonlyArray<{ label: string; page: Page }>,
  log: ConsoleLog,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const dir = join(ARTIFACTS_DIR, artifactName(name));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const { label, page } of pages) {
    if (page.isClosed()) continue;
    try {
      const shot = await withTimeout(page.screenshot({ path: join(dir, `${artifactName(label)}.png`) as `${string}.png`, fullPage: true }), 15_000);
      if (!shot) log.add(label, 'screenshot timed out');
      log.add(label, `open at ${page.url()}`);
    } catch (error) {
      log.add(label, `no screenshot: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const [file, value] of Object.entries(extra)) {
    await writeFile(join(dir, `${file}.json`), `${JSON.stringify(value, null, 2)}\n`).catch(() => undefined);
  }
  await writeFile(join(dir, 'console.log'), `${log.lines.join('\n')}\n`);
  return relative(root, dir);
}
