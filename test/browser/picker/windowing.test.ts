import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clampIndex, pageSize, scrollTopToReveal, windowRange } from '../../../src/picker/window-range.js';
import { splitByRanges } from '../../../src/picker/highlight.js';
import type { FinsifyServicePicker } from '../../../src/picker.js';
import { activeOption, generatedServices, optionNames, options, part, pickerFixture, remeasure, searchInput } from './helpers.js';

const MAX_OPTION_NODES = 60;

async function press(el: FinsifyServicePicker, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

async function scrollListTo(el: FinsifyServicePicker, top: number): Promise<void> {
  part(el, 'listbox')!.scrollTop = top;
  await remeasure(el);
}

function posinsets(el: FinsifyServicePicker): number[] {
  return options(el).map((option) => Number(option.getAttribute('aria-posinset')));
}

describe('window-range', () => {
  it('renders the rows in view plus the overscan, whatever the list length', () => {
    expect(windowRange({ total: 10000, rowHeight: 50, scrollTop: 0, viewportHeight: 400, overscan: 5 })).to.deep.equal({ start: 0, end: 13 });
    expect(windowRange({ total: 10000, rowHeight: 50, scrollTop: 5000, viewportHeight: 400, overscan: 5 })).to.deep.equal({
      start: 95,
      end: 113,
    });
    expect(windowRange({ total: 10000, rowHeight: 50, scrollTop: 499_600, viewportHeight: 400, overscan: 5 })).to.deep.equal({
      start: 9987,
      end: 10000,
    });
    expect(windowRange({ total: 3, rowHeight: 50, scrollTop: 0, viewportHeight: 400, overscan: 5 })).to.deep.equal({ start: 0, end: 3 });
    expect(windowRange({ total: 0, rowHeight: 50, scrollTop: 0, viewportHeight: 400, overscan: 5 })).to.deep.equal({ start: 0, end: 0 });
    expect(windowRange({ total: 10, rowHeight: 0, scrollTop: 0, viewportHeight: 400, overscan: 5 })).to.deep.equal({ start: 0, end: 0 });
  });

  it('scrolls as little as possible to reveal a row', () => {
    expect(scrollTopToReveal(0, 50, 200, 400)).to.equal(0);
    expect(scrollTopToReveal(5, 50, 200, 400)).to.equal(200);
    expect(scrollTopToReveal(12, 50, 200, 400)).to.equal(250);
    expect(scrollTopToReveal(9999, 50, 0, 400)).to.equal(499_600);
  });

  it('pages by whole visible rows and clamps moves to the list', () => {
    expect(pageSize(50, 400)).to.equal(8);
    expect(pageSize(50, 10)).to.equal(1);
    expect(clampIndex(-3, 10)).to.equal(0);
    expect(clampIndex(12, 10)).to.equal(9);
    expect(clampIndex(0, 0)).to.equal(-1);
  });

  it('splits a name at the matched ranges, tolerating overlaps and out-of-range offsets', () => {
    expect(splitByRanges('Vietcombank', [[0, 4]])).to.deep.equal([
      { text: 'Viet', match: true },
      { text: 'combank', match: false },
    ]);
    expect(splitByRanges('abcdef', [[4, 9], [1, 3], [2, 4]])).to.deep.equal([
      { text: 'a', match: false },
      { text: 'bcdef', match: true },
    ]);
    expect(splitByRanges('abc', [])).to.deep.equal([{ text: 'abc', match: false }]);
  });
});

describe('<finsify-service-picker> windowing', () => {
  let el: FinsifyServicePicker;

  beforeEach(async () => {
    el = await pickerFixture(html`<finsify-service-picker .services=${generatedServices(10000)}></finsify-service-picker>`);
    await remeasure(el);
  });

  it('keeps a bounded number of option nodes for 10,000 services, each announcing its place', () => {
    expect(options(el).length).to.be.greaterThan(0);
    expect(options(el).length).to.be.at.most(MAX_OPTION_NODES);
    expect(options(el).every((option) => option.getAttribute('aria-setsize') === '10000')).to.equal(true);
    expect(posinsets(el).slice(0, 3)).to.deep.equal([1, 2, 3]);
    expect(part(el, 'status')!.textContent).to.equal('10,000 services');
  });

  it('sizes the scroll area for the whole list', () => {
    const listbox = part(el, 'listbox')!;
    const rowHeight = options(el)[0]!.getBoundingClientRect().height;
    expect(listbox.scrollHeight).to.be.closeTo(rowHeight * 10000, 2);
    expect(listbox.clientHeight).to.be.lessThan(rowHeight * 20);
  });

  it('renders the rows in view after scrolling, with their positions in the whole list', async () => {
    const listbox = part(el, 'listbox')!;
    const rowHeight = options(el)[0]!.getBoundingClientRect().height;
    await scrollListTo(el, rowHeight * 5000);
    const positions = posinsets(el);
    expect(positions).to.include(5001);
    expect(options(el).length).to.be.at.most(MAX_OPTION_NODES);
    // The row at the top of the viewport is the one the scroll position says.
    const top = listbox.getBoundingClientRect().top;
    const visible = options(el).find((option) => Math.abs(option.getBoundingClientRect().top - top) < rowHeight / 2);
    expect(visible?.getAttribute('aria-posinset')).to.equal('5001');
  });

  it('goes to the last of 10,000 with End, rendering and revealing it', async () => {
    el.focus();
    await press(el, 'ArrowDown');
    await press(el, 'End');
    const active = activeOption(el)!;
    expect(active.getAttribute('aria-posinset')).to.equal('10000');
    expect(active.querySelector('[part~="name"]')!.textContent).to.contain('Bank 10000');
    await remeasure(el);
    const list = part(el, 'listbox')!.getBoundingClientRect();
    const row = activeOption(el)!.getBoundingClientRect();
    expect(row.bottom).to.be.at.most(list.bottom + 1);
    expect(row.top).to.be.at.least(list.top - 1);
    expect(options(el).length).to.be.at.most(MAX_OPTION_NODES);
    await press(el, 'Home');
    expect(activeOption(el)!.getAttribute('aria-posinset')).to.equal('1');
  });

  it('keeps the active option in the DOM when the list is scrolled away from it', async () => {
    el.focus();
    await press(el, 'ArrowDown');
    await press(el, 'ArrowDown');
    const rowHeight = options(el)[0]!.getBoundingClientRect().height;
    await scrollListTo(el, rowHeight * 8000);
    const active = activeOption(el);
    expect(active).to.not.equal(null);
    expect(active!.getAttribute('aria-posinset')).to.equal('2');
    expect(options(el).length).to.be.at.most(MAX_OPTION_NODES);
    // ...and moving on from it brings it back into view.
    await press(el, 'ArrowDown');
    await remeasure(el);
    expect(activeOption(el)!.getAttribute('aria-posinset')).to.equal('3');
    const list = part(el, 'listbox')!.getBoundingClientRect();
    expect(activeOption(el)!.getBoundingClientRect().top).to.be.at.least(list.top - 1);
  });

  it('pages through 10,000 with PageDown, the active option always rendered', async () => {
    el.focus();
    await press(el, 'ArrowDown');
    for (let i = 0; i < 5; i++) {
      await press(el, 'PageDown');
      expect(activeOption(el)).to.not.equal(null);
    }
    expect(Number(activeOption(el)!.getAttribute('aria-posinset'))).to.be.greaterThan(10);
  });

  it('filters 10,000 services as the person types and starts the new list at the top', async () => {
    const rowHeight = options(el)[0]!.getBoundingClientRect().height;
    await scrollListTo(el, rowHeight * 3000);
    el.focus();
    await sendKeys({ type: 'lotus bank 77' });
    await el.updateComplete;
    expect(optionNames(el).length).to.be.greaterThan(0);
    expect(optionNames(el).every((name) => /Lotus/.test(name) && /77/.test(name))).to.equal(true);
    expect(part(el, 'listbox')!.scrollTop).to.equal(0);
    expect(posinsets(el)[0]).to.equal(1);
    await waitUntil(() => searchInput(el).getAttribute('aria-expanded') === 'true');
  });
});
