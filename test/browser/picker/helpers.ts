import { fixture, waitUntil } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import '../../../src/picker.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';

export const FIXTURES = '/fixtures/catalog';

/** A token unique to one test, so server-side counts and logs never mix between tests or browsers. */
export function uniqueToken(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A raw catalog entry as Finsify serves it. */
export function rawService(id: number, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name,
    provider: 'Finsify',
    media_path: null,
    cover_file_name: null,
    logo_file_name: null,
    color: { primary: '0b5cc2', secondary: null },
    type: 'bank',
    country_code: 'VN',
    has_balance: true,
    call_to_action: null,
    ...extra,
  };
}

const words = ['Saigon', 'Mekong', 'Hà Nội', 'Đà Nẵng', 'Kuala', 'Penang', 'Pacific', 'Lotus'];

/** `count` generated services across three countries and types, named `… Bank <id>`. */
export function generatedServices(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) =>
    rawService(i + 1, `${words[i % words.length]} ${words[(i * 3) % words.length]} Bank ${i + 1}`, {
      type: ['bank', 'statement', 'other'][i % 3],
      country_code: ['VN', 'MY', 'SG'][i % 3],
    }),
  );
}

export async function pickerFixture(template: TemplateResult): Promise<FinsifyServicePicker> {
  return fixture<FinsifyServicePicker>(template);
}

export function root(el: FinsifyServicePicker): ShadowRoot {
  if (!el.shadowRoot) throw new Error('no shadow root');
  return el.shadowRoot;
}

export function part<T extends Element = HTMLElement>(el: FinsifyServicePicker, name: string): T | null {
  return root(el).querySelector<T>(`[part~="${name}"]`);
}

export function searchInput(el: FinsifyServicePicker): HTMLInputElement {
  const input = root(el).querySelector<HTMLInputElement>('[role="combobox"]');
  if (!input) throw new Error('no combobox');
  return input;
}

export function options(el: FinsifyServicePicker): HTMLElement[] {
  return [...root(el).querySelectorAll<HTMLElement>('[role="option"]')];
}

export function optionNames(el: FinsifyServicePicker): string[] {
  return options(el).map((option) => option.querySelector('[part~="name"]')?.textContent ?? '');
}

export function activeOption(el: FinsifyServicePicker): HTMLElement | null {
  const id = searchInput(el).getAttribute('aria-activedescendant');
  return id ? root(el).getElementById(id) : null;
}

export async function loaded(el: FinsifyServicePicker): Promise<void> {
  await waitUntil(() => options(el).length > 0 || part(el, 'empty') !== null || part(el, 'error') !== null, 'picker never settled', {
    timeout: 10000,
  });
  await el.updateComplete;
}

/** Paths the fixture server saw containing `token`. */
export async function requestedPaths(token: string): Promise<string[]> {
  const response = await fetch(`${FIXTURES}/log?contains=${encodeURIComponent(token)}`);
  return ((await response.json()) as { paths: string[] }).paths;
}

const mounted: HTMLElement[] = [];

/**
 * Renders a template holding several pickers (or a picker inside other elements) into a fresh
 * `<div>` with `attributes`, and waits for every picker's first update. Unlike open-wc's
 * `fixture` with a non-Lit root, it never waits for an animation frame: when two test files run
 * at once, one of the two pages is hidden and gets none. Call {@link unmountAll} after each test.
 */
export async function mount(template: TemplateResult, attributes: Record<string, string> = {}): Promise<HTMLDivElement> {
  const host = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) host.setAttribute(name, value);
  document.body.append(host);
  mounted.push(host);
  render(template, host);
  await Promise.all([...host.querySelectorAll('finsify-service-picker')].map((picker) => picker.updateComplete));
  return host;
}

export function unmountAll(): void {
  for (const host of mounted.splice(0)) host.remove();
}

/**
 * Lets the picker read its list's size and scroll position now, as a scroll event does, rather
 * than waiting for a ResizeObserver delivery or an animation frame (neither comes while the
 * page is hidden), then waits for the resulting render.
 */
export async function remeasure(el: FinsifyServicePicker): Promise<void> {
  const listbox = el.shadowRoot?.querySelector('[role="listbox"]');
  listbox?.dispatchEvent(new Event('scroll'));
  await new Promise((resolve) => setTimeout(resolve, 0));
  await el.updateComplete;
  if (document.visibilityState === 'visible') {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await el.updateComplete;
  }
}

/** Starts loading the rendered logos now: lazy images wait for a rendering step a hidden page never takes. */
export function loadLogosNow(el: FinsifyServicePicker): void {
  for (const img of el.shadowRoot?.querySelectorAll<HTMLImageElement>('img[part="logo"]') ?? []) img.loading = 'eager';
}
