import type { FinsifyServicePicker } from '../src/picker.js';
import { appendLog } from './event-log.js';
import { generatedServices } from './generated-services.js';

interface DemoConfig {
  sandboxUrl: string;
  catalogUrl: string;
}

const config = (await (await fetch('/demo-config.json')).json()) as DemoConfig;
const picker = document.querySelector<FinsifyServicePicker>('#picker')!;
// Set the catalog before the elements upgrade, so the picker never asks the default (online) catalog.
picker.setAttribute('catalog-url', config.catalogUrl);
await import('../src/index.js');
const controls = document.querySelector<HTMLFormElement>('#controls')!;
const selection = document.querySelector<HTMLElement>('#selection')!;
const log = document.querySelector<HTMLOListElement>('#log')!;

for (const name of ['finsify-service-select', 'finsify-catalog-load', 'finsify-catalog-error'] as const) {
  picker.addEventListener(name, (event) => appendLog(log, name, event.detail));
}
picker.addEventListener('finsify-service-select', (event) => {
  selection.textContent = `Selected: ${event.detail.service.name} (id ${event.detail.service.id})`;
});
document.querySelector('#clear-log')!.addEventListener('click', () => log.replaceChildren());

function setOrRemove(element: Element, attribute: string, value: string): void {
  if (value) element.setAttribute(attribute, value);
  else element.removeAttribute(attribute);
}

controls.addEventListener('change', () => {
  const data = new FormData(controls);
  const value = (name: string) => String(data.get(name) ?? '').trim();
  setOrRemove(picker, 'locale', value('locale'));
  setOrRemove(picker, 'theme', value('theme'));
  setOrRemove(picker, 'country', value('country'));
  setOrRemove(picker, 'type', value('type'));
  document.documentElement.dir = value('dir') || 'ltr';
  document.documentElement.dataset['theme'] = value('theme');
  const catalog = value('catalog');
  if (catalog === 'large') {
    picker.services = generatedServices(10_000, `${config.sandboxUrl}/media/services/`);
  } else {
    picker.services = undefined;
    picker.catalogUrl = catalog === 'broken' ? `${config.sandboxUrl}/missing-catalog.json` : config.catalogUrl;
  }
});
