import { html, render } from 'lit';
import { partnerBackend, type ReceivedWebhook } from './api.js';

/** The webhooks the backend received for the signed-in user's logins, newest first, refreshed every two seconds. */
export function startWebhookFeed(container: HTMLElement, onNew: (events: ReceivedWebhook[]) => void): () => void {
  let known = new Set<string>();
  let stopped = false;
  async function poll(): Promise<void> {
    try {
      const events = await partnerBackend.webhooks();
      const fresh = events.filter((event) => !known.has(`${event.referenceId}:${event.received_at}`));
      known = new Set(events.map((event) => `${event.referenceId}:${event.received_at}`));
      if (fresh.length) onNew(fresh);
      render(
        events.length === 0
          ? html`<p class="small">No webhook yet. Connect a login, refresh it, or send a status webhook.</p>`
          : html`<ol class="log">
              ${events.map(
                (event) => html`<li>
                  <div>
                    <strong>${event.type === 'login_status' ? `status: ${event.status}` : event.type}</strong>
                    login ${event.login_id} <time datetime=${event.received_at}>${new Date(event.received_at).toLocaleTimeString()}</time>
                  </div>
                  <pre>${JSON.stringify(event.payload, null, 2)}</pre>
                </li>`,
              )}
            </ol>`,
        container,
      );
    } catch {
      // The feed retries on the next tick; a transient failure should not clutter the page.
    }
    if (!stopped) setTimeout(poll, 2000);
  }
  void poll();
  return () => {
    stopped = true;
  };
}
