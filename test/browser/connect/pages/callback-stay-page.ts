// A callback page that stays open, so tests can look at what completeConnect() left behind.
import { completeConnect } from '../../../../src/callback.js';

const parsed = completeConnect({ close: false });
// Sent after the result: messages from one window keep their order, so the test knows any
// result message would have arrived before this one.
window.opener?.postMessage({ type: 'test:callback-done', ok: parsed.ok }, '*');
