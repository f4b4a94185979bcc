import { noChange } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

type StyleProperties = Readonly<Record<string, string | null | undefined>>;

/**
 * Sets style properties (custom properties included, hyphenated names) through the CSSOM only.
 * Lit's `styleMap` writes a `style="…"` attribute on first render, which a strict Content
 * Security Policy (`style-src` without `'unsafe-inline'`) refuses; `style.setProperty` is allowed.
 * A property left out or set to null or undefined on a later render is removed.
 */
class StylePropertiesDirective extends Directive {
  // No check of the part's type (and no error text shipped for it): only this package's own
  // templates use it, always in element position. In a child position `update` would fail at
  // once (the part has no element); in an attribute position it would still set the properties.
  #applied = new Set<string>();

  render(_properties: StyleProperties): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [properties]: [StyleProperties]): typeof noChange {
    const { style } = part.element as HTMLElement;
    const applied = new Set<string>();
    for (const [name, value] of Object.entries(properties)) {
      if (value === null || value === undefined) continue;
      style.setProperty(name, value);
      applied.add(name);
    }
    for (const name of this.#applied) if (!applied.has(name)) style.removeProperty(name);
    this.#applied = applied;
    return noChange;
  }
}

/** `<div ${styleProperties({ '--finsify-brand': color, height: '40px' })}>`: see {@link StylePropertiesDirective}. */
export const styleProperties = directive(StylePropertiesDirective);
