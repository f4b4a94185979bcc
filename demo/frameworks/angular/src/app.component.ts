import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
// Registers <finsify-service-picker> and <finsify-connect>; with strictTemplates, Angular types
// each (finsify-…) $event from the package's event map.
import 'finsify-connect';
import type { FinsifyErrorEvent, FinsifyExitEvent, FinsifyServiceSelectEvent, FinsifySuccessEvent } from 'finsify-connect';

@Component({
  selector: 'app-root',
  // The two tags are custom elements, not Angular components.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Connect your bank</h1>
      <finsify-connect
        [attr.token-url]="tokenUrl"
        (finsify-open)="log('finsify-open')"
        (finsify-success)="connected($event)"
        (finsify-error)="failed($event)"
        (finsify-exit)="exited($event)"
      >
        <finsify-service-picker [catalogUrl]="catalogUrl" country="VN" (finsify-service-select)="selected($event)"></finsify-service-picker>
      </finsify-connect>
      <h2>Events</h2>
      <ol id="events">
        @for (line of events(); track $index) {
          <li>{{ line }}</li>
        }
      </ol>
    </main>
  `,
})
export class AppComponent {
  // Your backend's token route (createFinsifyProxy from finsify-connect/server, mounted at /finsify).
  readonly tokenUrl = '/finsify/token';
  // Leave catalogUrl out in production: Finsify's own catalog is the default.
  readonly catalogUrl = '/finsify/service.json';
  readonly events = signal<string[]>([]);

  log(line: string): void {
    this.events.update((lines) => [...lines, line]);
  }

  selected(event: FinsifyServiceSelectEvent): void {
    this.log(`finsify-service-select ${event.detail.service.name}`);
  }

  async connected(event: FinsifySuccessEvent): Promise<void> {
    const { login_id, secret } = event.detail;
    this.log(`finsify-success ${login_id}`);
    // Hand the login to your backend, which keeps the secret (createFinsifyProxy's POST /logins).
    if (secret) await fetch('/finsify/logins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login_id, secret }) });
  }

  failed(event: FinsifyErrorEvent): void {
    this.log(`finsify-error ${event.detail.error}`);
  }

  exited(event: FinsifyExitEvent): void {
    this.log(`finsify-exit ${event.detail.reason}`);
  }
}
