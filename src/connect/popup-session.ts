import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ConnectFlow, emitOutcome, emitStep, outcomeFor, stepBase, type FlowOptions } from './connect-flow.js';
import { takeReturned, type PendingFlow } from './redirect-store.js';
import { Scope } from './scope.js';
import type { ConnectOutcome } from './types.js';
import { positiveId } from '../contract/ids.js';

/** The service a returning redirect flow was for, as the element shows it. */
export interface ReturnedService {
  id: number;
  name?: string;
}

/** Which element a returning redirect flow belongs to. */
export interface ReturnMatch {
  serviceId?: number;
  loginId?: number;
  elementId?: string;
}

function belongsTo(flow: PendingFlow, match: ReturnMatch, path: string): boolean {
  if (new URL(flow.returnUrl, location.href).pathname !== path) return false;
  // A flow started by an element with an id returns only to that element.
  if (flow.element_id && flow.element_id !== match.elementId) return false;
  if (flow.login_id !== undefined || match.loginId !== undefined) return flow.login_id === match.loginId;
  return match.serviceId === undefined || match.serviceId === flow.service_id;
}

/**
 * Runs the host's connect flows, one at a time, for as long as the host is in the document:
 * starts them, hands a second `open()` the running one, ends the flow with `aborted` when the
 * host is removed, and on connect picks up the result of a redirect flow that left this page.
 */
export class PopupSession implements ReactiveController {
  #flow?: ConnectFlow;
  readonly #scope = new Scope();

  readonly #host: ReactiveControllerHost & HTMLElement;
  /** Hears each flow's outcome; a redirect flow picked up on return also names its service. */
  readonly #onEnd: (outcome: ConnectOutcome, returned?: ReturnedService) => void;

  constructor(host: ReactiveControllerHost & HTMLElement, onEnd: (outcome: ConnectOutcome, returned?: ReturnedService) => void) {
    this.#host = host;
    this.#onEnd = onEnd;
    host.addController(this);
  }

  get running(): boolean {
    return !!this.#flow;
  }

  /** The running flow's popup can no longer be reached (see `ConnectFlow.unreachable`). */
  get unreachable(): boolean {
    return !!this.#flow?.unreachable;
  }

  /** The running flow waits in the calm state, with no spinner (see `ConnectFlow.waiting`). */
  get waiting(): boolean {
    return !!this.#flow?.waiting;
  }

  /**
   * While a flow runs: brings its popup forward and returns its outcome. A flow whose popup is
   * unreachable ends as `closed` instead, so the person's click can start a new one: they would
   * not ask again if they could see that window.
   */
  focusRunning(): Promise<ConnectOutcome> | undefined {
    if (this.#flow?.unreachable) {
      this.#flow.giveUp();
      return undefined;
    }
    this.#flow?.focus();
    return this.#flow?.outcome;
  }

  /** Starts a flow, or focuses the running one's popup and returns its outcome. */
  start(options: FlowOptions): Promise<ConnectOutcome> {
    const running = this.focusRunning();
    if (running) return running;
    const flow = new ConnectFlow(
      this.#host,
      options,
      (outcome) => {
        if (this.#flow === flow) this.#flow = undefined;
        this.#host.requestUpdate();
        this.#onEnd(outcome);
      },
      () => this.#host.requestUpdate(),
    );
    this.#flow = flow;
    flow.start();
    this.#host.requestUpdate();
    return flow.outcome;
  }

  /**
   * Delivers, once, the result of a redirect-mode flow that this element started before the page
   * went to Finsify. Looked up a task later, by the element's properties as they are then:
   * frameworks (React's wrapper, Angular) set them only after the element is in the page, and
   * listeners added right after the element's module loaded still hear the result.
   */
  resumeRedirect(match: () => ReturnMatch): void {
    this.#scope.timeout(() => {
      if (this.#flow) return;
      const current = match();
      const taken = takeReturned((flow) => belongsTo(flow, current, location.pathname));
      if (!taken) return;
      const { flow, message } = taken;
      const base = stepBase('redirect', flow.service_id, flow.login_id);
      const outcome: ConnectOutcome = message
        ? outcomeFor(message, flow.service_id ?? current.serviceId)
        : { type: 'exit', detail: { reason: Date.now() - flow.startedAt > flow.timeoutMs ? 'timeout' : 'cancelled' } };
      if (message) emitStep(this.#host, base, 'CALLBACK_RECEIVED', { via: 'storage' });
      // The record is this tab's own storage, but still read as untrusted.
      const id = positiveId(flow.service_id);
      const name = typeof flow.service_name === 'string' ? flow.service_name.trim().slice(0, 200) || undefined : undefined;
      this.#onEnd(outcome, id === undefined ? undefined : { id, name });
      emitOutcome(this.#host, base, outcome);
    }, 0);
  }

  hostDisconnected(): void {
    // A move (removed and inserted again in one task) keeps the flow; a removal ends it.
    queueMicrotask(() => {
      if (this.#host.isConnected) return;
      this.#scope.dispose();
      this.#flow?.abort();
    });
  }
}
