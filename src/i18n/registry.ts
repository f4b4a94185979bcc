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

/** Every `registerLocale` call so far, in order, for bundles that open later. */
const registered: [tag: string, pack: LocalePack][] = [];
/** Each element's message bundle, which packs extend in place. */
const bundles: Partial<Record<Part, MessageBundle<string>>> = {};
/** The connected elements, re-rendered when a `lang` changes or a pack registers. */
const hosts = new Set<Host>();
let observer: MutationObserver | undefined;

function extend(bundle: MessageBundle<string>, part: Part, [tag, pack]: (typeof registered)[number]): void {
  bundle[tag] = { ...bundle[tag], ...pack[part] };
}

/**
 * Makes an element's bundle open to locale packs: packs registered earlier are added at once,
 * later ones as they register. Its locales are then `Object.keys(bundle)`.
 */
export function openBundle(part: Part, bundle: MessageBundle<string>): void {
  bundles[part] = bundle;
  for (const entry of registered) extend(bundle, part, entry);
}

/**
 * Adds (or extends) a locale for both elements: `registerLocale('km', { picker: {...}, connect: {...} })`.
 * Elements already on the page show it at once. The packs `finsify-connect/locales/ms`, `/id` and
 * `/th` call it for you.
 */
export function registerLocale(tag: string, pack: LocalePack): void {
  const entry: (typeof registered)[number] = [tag, pack];
  registered.push(entry);
  for (const part in bundles) extend(bundles[part as Part]!, part as Part, entry);
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
