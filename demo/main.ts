import type { FinsifyConnect } from '../src/connect.js';
import type { FinsifyServicePicker } from '../src/picker.js';
import type { Service } from '../src/catalog/types.js';
import { catalogStore } from '../src/catalog/index.js';
import { partnerBackend, sandboxControls } from './api.js';
import { EventLog } from './event-log.js';
import { generatedServices } from './generated-services.js';
import { LoginsPanel } from './logins-panel.js';
import { SandboxPanel } from './sandbox-panel.js';
import { loadSettings, saveSettings, type DemoSettings } from './settings.js';
import { startWebhookFeed } from './webhook-feed.js';

interface DemoConfig {
  sandboxUrl: string;
  catalogUrl: string;
  users: string[];
}

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const config = (await (await fetch('/demo-config.json')).json()) as DemoConfig;
let settings = loadSettings();
saveSettings(settings);

const picker = $<FinsifyServicePicker>('#picker');
const connect = $<FinsifyConnect>('#connect');
// Set the catalog before the elements upgrade, so the picker never asks the default (online) catalog.
picker.setAttribute('catalog-url', config.catalogUrl);
$('#sandbox-origin').textContent = new URL(config.sandboxUrl).host;
await import('../src/index.js');
// The locale packs a partner would import, so QA can try every language. Not awaited: the
// elements switch to a pack's language as it registers.
void Promise.all([import('../src/locales/ms/index.js'), import('../src/locales/id/index.js'), import('../src/locales/th/index.js')]);

/** The page's language (the Language setting, English by default): the bank's data and the times follow it. */
function pageLocale(): string {
  return document.documentElement.lang || 'en';
}

const log = new EventLog($('#log'), 200, pageLocale);
const sandbox = sandboxControls(config.sandboxUrl);
const servicesById = new Map<number, Service>();
const logins = new LoginsPanel({
  container: $('#logins'),
  sandbox,
  serviceName: (id) => (id === undefined || id === null ? 'unknown service' : (servicesById.get(id)?.name ?? `service ${id}`)),
  connectSettings: () => ({ mode: settings.mode, locale: settings.locale, theme: settings.theme }),
  dataLocale: pageLocale,
  report: (name, detail) => log.add(name, detail),
});
const sandboxPanel = new SandboxPanel($('#sandbox'), sandbox);

for (const name of [
  'finsify-service-select',
  'finsify-catalog-load',
  'finsify-catalog-error',
  'finsify-open',
  'finsify-success',
  'finsify-error',
  'finsify-exit',
  'finsify-event',
] as const) {
  document.addEventListener(name, (event) => log.add(name, event.detail));
}
$('#clear-log').addEventListener('click', () => log.clear());

// The page names services from the same shared catalog store the picker uses: no second request.
catalogStore(config.catalogUrl).subscribe((state) => {
  if (state.status !== 'loaded') return;
  for (const service of state.services) servicesById.set(service.id, service);
  logins.draw();
});

document.addEventListener('finsify-success', (event) => {
  const { login_id, secret, service_id } = event.detail;
  // Browser-kept mode: the page hands the secret (and the service, for the logins panel) to its backend at once and keeps no copy.
  const retrying = (error: unknown, delayMs: number, nextTry: number) =>
    log.add('backend: storing the login failed; trying again', { message: String(error), in_ms: delayMs, try: nextTry });
  const saved = secret ? partnerBackend.saveLogin(login_id, secret, service_id, retrying).then((result) => log.add('backend: login stored', result)) : Promise.resolve();
  void saved.catch((error: unknown) => log.add('backend: storing the login failed', { message: String(error) })).then(() => logins.reload(login_id));
});

const form = $<HTMLFormElement>('#settings');
const userSelect = $<HTMLSelectElement>('#user');
userSelect.replaceChildren(...config.users.map((user) => new Option(user[0]!.toUpperCase() + user.slice(1), user)));

function apply(next: DemoSettings): void {
  const userChanged = next.user !== settings.user;
  settings = next;
  saveSettings(settings);
  const set = (element: Element, attribute: string, value: string) =>
    value ? element.setAttribute(attribute, value) : element.removeAttribute(attribute);
  for (const element of [picker, connect]) {
    set(element, 'locale', settings.locale);
    set(element, 'theme', settings.theme);
  }
  connect.setAttribute('mode', settings.mode);
  set(picker, 'country', settings.country);
  set(picker, 'type', settings.type);
  document.documentElement.dir = settings.dir;
  document.documentElement.lang = settings.locale || 'en';
  document.documentElement.dataset['theme'] = settings.theme;
  if (settings.catalog === 'large') {
    picker.services = generatedServices(10_000, `${config.sandboxUrl}/media/services/`);
  } else {
    picker.services = undefined;
    picker.catalogUrl = settings.catalog === 'broken' ? `${config.sandboxUrl}/missing-catalog.json` : config.catalogUrl;
  }
  if (userChanged) void logins.reload();
  else logins.draw();
  log.draw();
}

function readForm(): DemoSettings {
  const data = new FormData(form);
  const value = (name: string) => String(data.get(name) ?? '').trim();
  return {
    ...settings,
    user: userSelect.value,
    mode: value('mode') as DemoSettings['mode'],
    secretMode: value('secretMode') as DemoSettings['secretMode'],
    locale: value('locale'),
    theme: value('theme') as DemoSettings['theme'],
    dir: value('dir') as DemoSettings['dir'],
    country: value('country'),
    type: value('type'),
    catalog: value('catalog') as DemoSettings['catalog'],
  };
}

for (const [name, value] of Object.entries(settings)) {
  const field = form.elements.namedItem(name);
  if (field instanceof HTMLSelectElement || field instanceof HTMLInputElement) field.value = String(value);
}
userSelect.value = settings.user;
form.addEventListener('change', () => apply(readForm()));
userSelect.addEventListener('change', () => apply(readForm()));

apply(settings);
void logins.reload();
void sandboxPanel.load();
startWebhookFeed({
  container: $('#webhooks'),
  locale: pageLocale,
  onNew: (events) => {
    // Stamped with its arrival, not with the moment this page noticed it.
    for (const event of events) log.add('webhook received', event, event.received_at);
    if (events.some((event) => event.type === 'login_status')) void logins.reload();
  },
});
