import { channelName, readMessage, type ResultMessage } from './protocol.js';
import type { FlowStepDetail } from '../events.js';
import type { Scope } from './scope.js';

/** How a result reached the widget, reported on `CALLBACK_RECEIVED`. */
export type ResultVia = NonNullable<FlowStepDetail['via']>;

export interface ResultListenOptions {
  state: string;
  /** The window holding the widget; messages are taken from its `message` events. */
  window: Window;
  /** Our popup: the only window whose messages are accepted. */
  popup: Window;
  onResult: (message: ResultMessage, via: ResultVia) => void;
}

/**
 * Listens, for the life of `scope`, for the callback page's result on both of its ways:
 * `postMessage` from our own popup on our own origin (the callback page is same-origin with the
 * widget), and the `BroadcastChannel` named after `state`, which still works when the provider's
 * COOP severed the popup from its opener. Anything else is ignored.
 */
export function listenForResult(scope: Scope, { state, window: win, popup, onResult }: ResultListenOptions): void {
  scope.listen<MessageEvent>(win, 'message', (event) => {
    if (event.origin !== win.location.origin || event.source !== popup) return;
    const message = readMessage(event.data, state);
    if (message) onResult(message, 'message');
  });
  scope.channel(channelName(state), (event) => {
    const message = readMessage(event.data, state);
    if (message) onResult(message, 'channel');
  });
}
