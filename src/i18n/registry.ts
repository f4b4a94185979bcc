import type { ReactiveControllerHost } from 'lit';
import type { ConnectMessageKey } from '../connect/messages.js';
import type { PickerMessageKey } from '../picker/messages.js';
import type { MessageBundle, Messages } from './localize.js';

/**
 * The texts of one locale for both elements, as `registerLocale` takes them. A key left out
 * falls back to English, key by key.
 */
export interface LocalePack {
  picker?: Partial<Messages<PickerMessageKey>>;
  connect?: Partial<Messages<ConnectMessageKey>>;
}

/** A locale pack this package ships: every key of both elements, so `tsc` names a key a pack still lacks. */
export interface PackMessages {
  picker: Messages<PickerMessageKey>;
  connect: Messages<ConnectMessageKey>;
}

type Part = keyof LocalePack;
type Host = ReactiveControllerHost & Element;

const packs: Record<string, LocalePack> = {};
/** Each element's message bundle, with the live list of its locales that `resolveLocale` reads. */
const bundles: [Part, MessageBundle<string>, string[]][] = [];
/** The connected elements, re-rendered when a `lang` changes or a pack registers. */
const hosts = new Set<Host>();
let observer: MutationObserver | undefined;

function apply([part, bundle, locales]: (typeof bundles)[number], tag: string): void {
  const messages = packs[tag]![part];
  if (!messages) return;
  bundle[tag] = { ...bundle[tag], ...messages };
  if (!locales.includes(tag)) locales.push(tag);
}

/**
 * Makes an element's bundle open to locale packs: returns its locales, a list that grows as
 * packs register (packs registered earlier are applied at once).
 */
export function openBundle(part: Part, bundle: MessageBundle<string>): string[] {
  const entry: (typeof bundles)[number] = [part, bundle, Object.keys(bundle)];
  bundles.push(entry);
  for (const tag in packs) apply(entry, tag);
  return entry[2];
}

/**
 * Adds (or extends) a locale for both elements: `registerLocale('km', { picker: {...}, connect: {...} })`.
 * Elements already on the page show it at once. The packs `finsify-connect/locales/ms`, `/id` and
 * `/th` call it for you.
 */
export function registerLocale(tag: string, pack: LocalePack): void {
  packs[tag] = { picker: { ...packs[tag]?.picker, ...pack.picker }, connect: { ...packs[tag]?.connect, ...pack.connect } };
  for (const entry of bundles) apply(entry, tag);
  for (const host of hosts) host.requestUpdate();
}

const watched: MutationObserverInit = { attributeFilter: ['lang'], subtree: true };

/**
 * Re-renders `host` whenever a `lang` attribute changes on the page or in any shadow root above
 * it (where `resolveLocale` looks), and when a locale pack registers. One MutationObserver serves
 * every element, and stops when the last one leaves the page.
 */
export function followLanguage(host: Host): void {
  host.addController({
    hostConnected() {
      hosts.add(host);
      observer ??= new MutationObserver(() => hosts.forEach((each) => each.requestUpdate()));
      observer.observe(document.documentElement, watched);
      for (let root = host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) observer.observe(root, watched);
    },
    hostDisconnected() {
      hosts.delete(host);
      if (!hosts.size) {
        observer?.disconnect();
        observer = undefined;
      }
    },
  });
}
