import { useState } from 'react';
// Registers both elements and wraps them as React components with typed `onX` event props.
import { FinsifyConnect, FinsifyServicePicker } from 'finsify-connect/react';
import type { FinsifySuccessEvent } from 'finsify-connect';

// Your backend's token route (createFinsifyProxy from finsify-connect/server, mounted at /finsify).
const TOKEN_URL = '/finsify/token';
// Leave catalogUrl out in production: Finsify's own catalog is the default.
const CATALOG_URL = '/finsify/service.json';

export function App() {
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((lines) => [...lines, line]);

  async function connected(event: FinsifySuccessEvent) {
    const { login_id, secret } = event.detail;
    log(`finsify-success ${login_id}`);
    // Hand the login to your backend, which keeps the secret (createFinsifyProxy's POST /logins).
    if (secret) await fetch('/finsify/logins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login_id, secret }) });
  }

  return (
    <main>
      <h1>Connect your bank</h1>
      <FinsifyConnect
        tokenUrl={TOKEN_URL}
        onOpen={() => log('finsify-open')}
        onSuccess={connected}
        onError={(event) => log(`finsify-error ${event.detail.error}`)}
        onExit={(event) => log(`finsify-exit ${event.detail.reason}`)}
      >
        <FinsifyServicePicker catalogUrl={CATALOG_URL} country="VN" onServiceSelect={(event) => log(`finsify-service-select ${event.detail.service.name}`)} />
      </FinsifyConnect>
      <h2>Events</h2>
      <ol id="events">
        {events.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </main>
  );
}
