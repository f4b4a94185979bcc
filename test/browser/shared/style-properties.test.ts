import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { styleProperties } from '../../../src/shared/style-properties.js';

describe('styleProperties()', () => {
  it('sets custom and standard properties', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const view = (color: string | null) => html`<span ${styleProperties({ '--brand': color, 'inline-size': '10px' })}></span>`;
    render(view('#123456'), host);
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('--brand')).to.equal('#123456');
    expect(span.style.getPropertyValue('inline-size')).to.equal('10px');
  });

  it('updates and removes properties on later renders', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const view = (color: string | null) => html`<span ${styleProperties({ '--brand': color })}></span>`;
    render(view('#123456'), host);
    render(view('#abcdef'), host);
    const span = host.querySelector('span')!;
    expect(span.style.getPropertyValue('--brand')).to.equal('#abcdef');
    render(view(null), host);
    expect(span.style.getPropertyValue('--brand')).to.equal('');
  });
});
