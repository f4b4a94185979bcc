// Posts the messages given in the fragment (JSON) to the opener (or, in a frame, the parent),
// in order, then a `test:posted` marker: a stand-in for a callback page, or an impostor, that
// only talks by postMessage, on whichever origin it is served from.
const spec = JSON.parse(decodeURIComponent(location.hash.slice(1))) as { messages: unknown[]; targetOrigin: string };
const target: Window | null = window.opener ?? (window.parent === window ? null : window.parent);
for (const message of spec.messages) target?.postMessage(message, spec.targetOrigin);
target?.postMessage({ type: 'test:posted' }, '*');
