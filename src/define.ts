/**
 * Registers a custom element once. Two bundles of this package on one page (a script tag and an
 * ES build, say) both call this; the second call must be a no-op rather than a DOMException.
 * Without a DOM (server-side rendering) there is nothing to register.
 */
export function defineElement(name: string, constructor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(name)) customElements.define(name, constructor);
}
