/** `finsify-connect/connect`: registers `<finsify-connect>` and exports what its users need. */
import { defineElement } from './define.js';
import { FinsifyConnect } from './connect/finsify-connect.js';

defineElement('finsify-connect', FinsifyConnect);

export { FinsifyConnect };
export type { ConnectMode, ConnectOutcome, TokenProvider, TokenProviderContext, TokenRequest, TokenResponse } from './connect/types.js';
export type { ConnectMessageKey } from './connect/messages.js';
export {
  FinsifyErrorEvent,
  FinsifyExitEvent,
  FinsifyFlowEvent,
  FinsifyOpenEvent,
  FinsifySuccessEvent,
  type ErrorDetail,
  type ExitDetail,
  type ExitReason,
  type FlowStepDetail,
  type FlowStepName,
  type OpenDetail,
  type SuccessDetail,
} from './events.js';

declare global {
  interface HTMLElementTagNameMap {
    'finsify-connect': FinsifyConnect;
  }
}
