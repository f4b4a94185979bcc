import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import { resetCatalogStores } from '../../../src/catalog/index.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import { FIXTURES, activeOption, generatedServices, loaded, optionNames, options, part, pickerFixture, root, searchInput, uniqueToken } from './helpers.js';

async function samplePicker(): Promise<FinsifyServicePicker> {
  const el = await pickerFixture(
    html`<finsify-service-picker catalog-url=${`${FIXTURES}/sample.json?media=${uniqueToken('keys')}`}></finsify-service-picker>`,
  );
  await loaded(el);
  el.focus();
  return el;
}

async function press(el: FinsifyServicePicker, key: string): Promise<void> {
  // The stock press takes no chords: 'key-chord' (web-test-runner.config.mjs) holds the modifier.
  if (key.includes('+')) await executeServerCommand('key-chord', key);
  else await sendKeys({ press: key });
  await el.updateComplete;
}

function activeName(el: FinsifyServicePicker): string | null {
  return activeOption(el)?.querySelector('[part~="name"]')?.textContent ?? null;
}

describe('<finsify-service-picker> keyboard', () => {
  afterEach(() => resetCatalogStores());

  it('focuses the combobox input when the element is focused, with a visible focus ring', async () => {
    await executeServerCommand('bring-to-front');
    const el = await samplePicker();
    const input = searchInput(el);
    expect(root(el).activeElement === input).to.equal(true);
    expect(input.getAttribute('aria-autocomplete')).to.equal('list');
    expect(input.getAttribute('aria-controls')).to.equal(part(el, 'listbox')!.id);
    await sendKeys({ press: 'v' });
    expect(getComputedStyle(input).outlineStyle).to.equal('solid');
    expect(parseFloat(getComputedStyle(input).outlineWidth)).to.be.at.least(2);
  });

  it('filters as the person types, ignoring case and diacritics, and updates query', async () => {
    const el = await samplePicker();
    await sendKeys({ type: 'vietcom' });
    await el.updateComplete;
    expect(el.query).to.equal('vietcom');
    expect(el.getAttribute('query')).to.equal('vietcom');
    expect(optionNames(el)).to.deep.equal(['Vietcombank', 'Vietcombank Statement']);
    for (let i = 0; i < 'vietcom'.length; i++) await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: 'dong a' });
    await el.updateComplete;
    expect(optionNames(el)).to.deep.equal(['Đông Á Bank']);
  });

  it('moves the active option with ArrowDown/ArrowUp and points aria-activedescendant at it', async () => {
    const el = await samplePicker();
    expect(searchInput(el).hasAttribute('aria-activedescendant')).to.equal(false);
    await press(el, 'ArrowDown');
    expect(activeName(el)).to.equal('Vietcombank');
    expect(activeOption(el)!.getAttribute('part')).to.equal('option option--active');
    await press(el, 'ArrowDown');
    expect(activeName(el)).to.equal('Techcombank');
    await press(el, 'ArrowUp');
    expect(activeName(el)).to.equal('Vietcombank');
    await press(el, 'ArrowUp');
    expect(activeName(el)).to.equal('Vietcombank');
  });

  it('starts ArrowUp at the last option', async () => {
    const el = await samplePicker();
    await press(el, 'ArrowUp');
    expect(activeName(el)).to.equal('PayNow Statement');
    expect(activeOption(el)!.getAttribute('aria-posinset')).to.equal('20');
  });

  it('goes to the first and last option with Home/End once an option is active', async () => {
    const el = await samplePicker();
    await press(el, 'ArrowDown');
    await press(el, 'End');
    expect(activeName(el)).to.equal('PayNow Statement');
    await press(el, 'Home');
    expect(activeName(el)).to.equal('Vietcombank');
  });

  it('leaves Home/End to the caret while the person is editing, and Ctrl+Home/Ctrl+End always move', async () => {
    const el = await samplePicker();
    await sendKeys({ type: 'bank' });
    await el.updateComplete;
    const input = searchInput(el);
    await press(el, 'Home');
    expect(input.selectionStart).to.equal(0);
    expect(activeOption(el)).to.equal(null);
    await press(el, 'End');
    expect(input.selectionStart).to.equal(4);
    await press(el, 'Control+End');
    expect(activeOption(el)!.getAttribute('aria-posinset')).to.equal(activeOption(el)!.getAttribute('aria-setsize'));
    await press(el, 'Control+Home');
    expect(activeOption(el)!.getAttribute('aria-posinset')).to.equal('1');
    // ArrowLeft gives the caret back.
    await press(el, 'ArrowLeft');
    expect(activeOption(el)).to.equal(null);
    expect(input.selectionStart).to.equal(3);
  });

  it('moves by a page with PageDown/PageUp', async () => {
    const el = await samplePicker();
    await press(el, 'ArrowDown');
    await press(el, 'PageDown');
    const afterPage = Number(activeOption(el)!.getAttribute('aria-posinset'));
    expect(afterPage).to.be.greaterThan(2);
    await press(el, 'PageDown');
    await press(el, 'PageDown');
    await press(el, 'PageDown');
    expect(activeOption(el)!.getAttribute('aria-posinset')).to.equal('20');
    await press(el, 'PageUp');
    expect(Number(activeOption(el)!.getAttribute('aria-posinset'))).to.be.lessThan(20);
  });

  it('selects the active option with Enter and fires finsify-service-select', async () => {
    const el = await samplePicker();
    await sendKeys({ type: 'maybank' });
    await press(el, 'ArrowDown');
    const event = oneEvent(el, 'finsify-service-select');
    await sendKeys({ press: 'Enter' });
    const { detail } = await event;
    expect(detail.service.id).to.equal(11);
    expect(detail.service.name).to.equal('Maybank');
    expect(el.selected).to.equal(11);
    await el.updateComplete;
    expect(activeOption(el)!.getAttribute('aria-selected')).to.equal('true');
    expect(activeOption(el)!.getAttribute('part')).to.equal('option option--active option--selected');
  });

  it('ignores Enter when no option is active', async () => {
    const el = await samplePicker();
    let fired = 0;
    el.addEventListener('finsify-service-select', () => fired++);
    await sendKeys({ type: 'bank' });
    await press(el, 'Enter');
    expect(fired).to.equal(0);
  });

  it('clears the search with Escape, then the active option', async () => {
    const el = await samplePicker();
    await sendKeys({ type: 'ocbc' });
    await press(el, 'ArrowDown');
    expect(optionNames(el)).to.deep.equal(['OCBC Bank']);
    await press(el, 'Escape');
    expect(el.query).to.equal('');
    expect(searchInput(el).value).to.equal('');
    expect(activeOption(el)).to.equal(null);
    expect(options(el)[0]!.getAttribute('aria-setsize')).to.equal('20');
    await press(el, 'ArrowDown');
    await press(el, 'Escape');
    expect(activeOption(el)).to.equal(null);
  });

  it('resets the active option when typing changes the list', async () => {
    const el = await samplePicker();
    await press(el, 'ArrowDown');
    await press(el, 'ArrowDown');
    await sendKeys({ type: 'b' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal(null);
  });

  it('selects an option by mouse without taking focus from the search box', async () => {
    const el = await samplePicker();
    const option = options(el)[2]!;
    const box = option.getBoundingClientRect();
    const event = oneEvent(el, 'finsify-service-select');
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    const { detail } = await event;
    expect(detail.service.name).to.equal('Ngân hàng Á Châu (ACB)');
    expect(root(el).activeElement === searchInput(el)).to.equal(true);
    await el.updateComplete;
    expect(activeName(el)).to.equal('Ngân hàng Á Châu (ACB)');
    await sendMouse({ type: 'move', position: [0, 0] });
  });

  it('Tab leaves the search box for the next control, not for the scrolling list', async () => {
    // A scrolling box with nothing focusable inside is a Tab stop in Chromium and Firefox.
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><finsify-service-picker country="VN" type="bank" .services=${generatedServices(300)}></finsify-service-picker><button>after</button></div>`,
    );
    const el = wrapper.querySelector('finsify-service-picker')!;
    await loaded(el);
    el.focus();
    await press(el, 'ArrowDown');
    expect(part(el, 'listbox')!.scrollHeight).to.be.greaterThan(part(el, 'listbox')!.clientHeight);
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(wrapper.querySelector('button'));
  });

  it('keeps focus in the search box when the list is pressed outside an option', async () => {
    const el = await samplePicker();
    const list = part(el, 'listbox')!;
    const box = list.getBoundingClientRect();
    const event = new MouseEvent('mousedown', { bubbles: true, composed: true, cancelable: true, clientX: box.right - 2, clientY: box.top + 2 });
    list.dispatchEvent(event);
    expect(event.defaultPrevented).to.equal(true);
    expect(root(el).activeElement === searchInput(el)).to.equal(true);
  });

  it('clears the search from the no-match message and returns focus to the search box', async () => {
    const el = await samplePicker();
    await sendKeys({ type: 'zzz' });
    await el.updateComplete;
    expect(part(el, 'empty')!.textContent).to.contain('No service matches “zzz”');
    part<HTMLButtonElement>(el, 'clear-button')!.click();
    await el.updateComplete;
    expect(el.query).to.equal('');
    expect(options(el).length).to.be.greaterThan(0);
    expect(root(el).activeElement === searchInput(el)).to.equal(true);
  });
});
