import { html, nothing, render, type TemplateResult } from 'lit';
import type { FaultSettings, SandboxControls, SandboxSettings, TestCredential } from './api.js';

const endpoints = ['*', 'token', 'reconnect', 'customer', 'connect', 'account', 'transaction', 'refresh', 'activate', 'deactivate', 'services'];

/** QA's switches for the offline Finsify: faults per endpoint, token lifetime, COOP, and the test logins. */
export class SandboxPanel {
  private faults: Record<string, FaultSettings> = {};
  private settings: SandboxSettings | undefined;
  private credentials: TestCredential[] = [];
  private message = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly sandbox: SandboxControls,
  ) {}

  async load(): Promise<void> {
    await this.run(async () => {
      [this.faults, this.settings, this.credentials] = await Promise.all([this.sandbox.faults(), this.sandbox.settings(), this.sandbox.credentials()]);
    });
  }

  private async run(work: () => Promise<void>, done = ''): Promise<void> {
    try {
      await work();
      this.message = done;
    } catch (error) {
      this.message = `The sandbox refused: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.draw();
  }

  private applyFault(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const endpoint = String(data.get('endpoint'));
    const fault: FaultSettings = {
      maintenance: data.get('maintenance') === 'on',
      connectError: data.get('connectError') === 'on',
      latencyMs: Number(data.get('latencyMs') || 0),
    };
    const empty = !fault.maintenance && !fault.connectError && !fault.latencyMs;
    return this.run(async () => {
      this.faults = await this.sandbox.setFault(endpoint, empty ? null : fault);
    }, empty ? `Faults cleared on ${endpoint}.` : `Fault set on ${endpoint}.`);
  }

  private updateSettings(change: Partial<SandboxSettings>): Promise<void> {
    return this.run(async () => {
      this.settings = await this.sandbox.updateSettings(change);
    }, 'Sandbox settings saved.');
  }

  draw(): void {
    render(this.template(), this.container);
  }

  private template(): TemplateResult {
    const active = Object.entries(this.faults).filter(([, fault]) => fault.maintenance || fault.connectError || fault.latencyMs);
    return html`
      <form
        class="controls"
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.applyFault(event.target as HTMLFormElement);
        }}
      >
        <label
          ><span>Endpoint</span>
          <select name="endpoint">
            ${endpoints.map((endpoint) => html`<option value=${endpoint}>${endpoint === '*' ? 'every endpoint' : endpoint}</option>`)}
          </select>
        </label>
        <label><span>Added latency (ms)</span><input name="latencyMs" type="number" min="0" max="60000" step="100" value="0" /></label>
        <label class="check"><input type="checkbox" name="maintenance" /><span>Maintenance (503 ServerMaintenance)</span></label>
        <label class="check"><input type="checkbox" name="connectError" /><span>Connect error (503 ConnectError)</span></label>
        <div class="row">
          <button type="submit">Apply fault</button>
          <button type="button" @click=${() => void this.run(async () => void (this.faults = await this.sandbox.clearFaults()), 'All faults cleared.')}>
            Clear all faults
          </button>
        </div>
      </form>
      <p class="small">
        Active faults:
        ${active.length === 0
          ? 'none'
          : active.map(
              ([endpoint, fault]) =>
                html`<span class="chip">${endpoint}: ${[fault.maintenance && 'maintenance', fault.connectError && 'connect error', fault.latencyMs && `${fault.latencyMs} ms`].filter(Boolean).join(', ')}</span> `,
            )}
      </p>
      ${this.settings
        ? html`<div class="controls">
            <label
              ><span>Token lifetime (seconds)</span>
              <input
                type="number"
                min="1"
                max="86400"
                .value=${String(this.settings.tokenLifetimeSeconds)}
                @change=${(event: Event) => void this.updateSettings({ tokenLifetimeSeconds: Number((event.target as HTMLInputElement).value) })}
              />
            </label>
            <label class="check"
              ><input
                type="checkbox"
                .checked=${this.settings.crossOriginOpenerPolicy}
                @change=${(event: Event) => void this.updateSettings({ crossOriginOpenerPolicy: (event.target as HTMLInputElement).checked })}
              /><span>Connect pages send <code>Cross-Origin-Opener-Policy: same-origin</code></span></label
            >
          </div>`
        : nothing}
      <p class="panel-status" role="status">${this.message}</p>
      <h3>Test logins on the connect page</h3>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Test logins">
        <table class="credentials">
          <thead>
            <tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Outcome</th></tr>
          </thead>
          <tbody>
            ${this.credentials.map(
              (entry) => html`<tr><td><code>${entry.username}</code></td><td><code>${entry.password}</code></td><td>${entry.description}</td></tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}
