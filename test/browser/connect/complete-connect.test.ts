import { expect } from '@open-wc/testing';
import { createState } from '../../../src/contract/state.js';
import { callbackUrl, OTHER_ORIGIN, SECRET, until, windowMessage } from './helpers.js';

const RESULT = { status: 'success', login_id: 23456, secret: SECRET };

describe('completeConnect()', () => {
  const popups: Window[] = [];
  const open = (url: string) => {
    const popup = window.open(url, '_blank', 'popup,width=400,height=400')!;
    popups.push(popup);
    return popup;
  };

  afterEach(() => {
    for (const popup of popups.splice(0)) popup.close();
  });

  it('cleans the URL first, then posts to the opener with our exact origin and on the state channel', async () => {
    const state = createState();
    const channel = new BroadcastChannel(`finsify-connect:${state}`);
    const onChannel = new Promise<MessageEvent>((resolve) => channel.addEventListener('message', resolve, { once: true }));
    let hrefAtMessage = '';
    const popup = open(callbackUrl(state, RESULT, 'stay'));
    const message = await windowMessage((event) => {
      if (event.source !== popup || event.data?.type !== 'finsify-connect:result') return false;
      hrefAtMessage = popup.location.href;
      return true;
    });
    expect(message.origin).to.equal(location.origin);
    expect(message.data).to.deep.equal({ type: 'finsify-connect:result', state, result: RESULT });
    expect(hrefAtMessage).to.equal(`${location.origin}/fixtures/connect/stay`);
    expect((await onChannel).data).to.deep.equal(message.data);
    channel.close();
    expect(popup.history.length).to.equal(1);
    expect(popup.document.body.textContent).not.to.include(SECRET);
  });

  it('cleans the URL even when the result cannot be parsed, and reports CallbackInvalid', async () => {
    const state = createState();
    const popup = open(`${location.origin}/fixtures/connect/stay/${state}/%7B%22status%22%3A%ZZ`);
    const message = await windowMessage((event) => event.source === popup && event.data?.type === 'finsify-connect:result');
    expect(message.data).to.deep.include({ state, error: 'CallbackInvalid' });
    await windowMessage((event) => event.source === popup && event.data?.type === 'test:callback-done');
    expect(popup.location.href).to.equal(`${location.origin}/fixtures/connect/stay`);
  });

  it('cleans the result parameters of a backend-kept done page and keeps the others', async () => {
    const state = createState();
    const popup = open(`${location.origin}/fixtures/connect/stay?lang=vi&status=success&login_id=23456&state=${state}`);
    const message = await windowMessage((event) => event.source === popup && event.data?.type === 'finsify-connect:result');
    expect(message.data).to.deep.equal({ type: 'finsify-connect:result', state, result: { status: 'success', login_id: 23456 } });
    expect(popup.location.href).to.equal(`${location.origin}/fixtures/connect/stay?lang=vi`);
  });

  it("reads the reference proxy's done page (state as last segment) and cleans it", async () => {
    const state = createState();
    const popup = open(`${location.origin}/fixtures/connect/stay/${state}?status=success&login_id=23456&lang=vi`);
    const message = await windowMessage((event) => event.source === popup && event.data?.type === 'finsify-connect:result');
    expect(message.data).to.deep.equal({ type: 'finsify-connect:result', state, result: { status: 'success', login_id: 23456 } });
    expect(popup.location.href).to.equal(`${location.origin}/fixtures/connect/stay?lang=vi`);
  });

  it('posts nothing to an opener on another origin', async () => {
    const state = createState();
    const results: unknown[] = [];
    const collect = (event: MessageEvent) => {
      if (event.data?.type === 'finsify-connect:result') results.push(event.data);
    };
    window.addEventListener('message', collect);
    try {
      const popup = open(`${OTHER_ORIGIN}/fixtures/connect/stay/${state}/${encodeURIComponent(JSON.stringify(RESULT))}`);
      // Sent with target '*' after the result: messages from one window arrive in order.
      await windowMessage((event) => event.source === popup && event.data?.type === 'test:callback-done');
      expect(results).to.deep.equal([]);
    } finally {
      window.removeEventListener('message', collect);
    }
  });

  it('closes the popup it runs in', async () => {
    const state = createState();
    const popup = open(callbackUrl(state, RESULT));
    await windowMessage((event) => event.source === popup && event.data?.type === 'finsify-connect:result');
    await until(() => popup.closed, 'the callback popup stayed open');
  });
});
