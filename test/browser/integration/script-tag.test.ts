// demo/frameworks/script-tag: a plain page with the IIFE file and markup only.
import { expect } from '@open-wc/testing';
import { assertConnected, closePages, connectFirstBank, openPage, win } from './helpers.js';

describe('script-tag example (dist/finsify-connect.iife.js)', () => {
  afterEach(closePages);

  it('picks a bank, connects it in a popup and the page hears finsify-success', async () => {
    const frame = await openPage('/demo/frameworks/script-tag/index.html');
    assertConnected(await connectFirstBank(frame));
    expect(win(frame).FinsifyConnect).to.have.property('completeConnect');
  });
});
