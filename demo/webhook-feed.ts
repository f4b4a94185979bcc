import { html, render } from 'lit';
import { partnerBackend, type ReceivedWebhook } from './api.js';
import { formatTime } from './format.js';
import { describeLoginStatus } from './login-status.js';
import { SeenWebhooks } from './seen-webhooks.js';

export interface WebhookFeedOptions {
  container: HTMLElement;
  /** The page's language, for the arrival times. */
  locale(): string;
  /** Webhooks this tab has not reported yet, oldest first (each once, across reloads). */
  onNew(events: ReceivedWebhook[]): void;
}

/**
 * The webhooks the backend received for the signed-in user's logins, newest first, refreshed
 * every two seconds. The sandbox sends one when a refresh finds new transactions and when a
 * login's status changes; connecting a login sends none.
 */
export function startWebhookFeed(options: WebhookFeedOptions): () => void {
  const seen = new SeenWebhooks(sessionStorage);
  let stopped = false;
  let polls = 0;
  async function poll(): Promise<void> {
    try {
      const events = await partnerBackend.webhooks();
      const fresh = seen.take(events);
      if (fresh.length) options.onNew(fresh);
      render(
        events.length === 0
          ? html`<p class="small">
              No webhook yet. The sandbox sends one when <strong>Refresh</strong> finds new transactions (a login can refresh again
              once the sandbox's refresh interval, 5 minutes by default, has passed) and when you send a status change from the logins panel. Connecting a login
              sends none.
            </p>`
          : html`<ol class="log" tabindex="0" aria-label="Webhooks, newest first">
              ${events.map(
                (event) => html`<li>
                  <div>
                    <strong>${event.type === 'login_status' ? `status: ${event.status}` : event.type}</strong>
                    ${event.type === 'login_status' ? html`<span class="small">(${describeLoginStatus(event.status).label})</span>` : ''}
                    login ${event.login_id}
                    <time datetime=${event.received_at}>${formatTime(event.received_at, options.locale())}</time>
                  </div>
                  <pre>${JSON.stringify(event.payload, null, 2)}</pre>
                </li>`,
              )}
            </ol>`,
        options.container,
      );
      // How many answers the feed has drawn: lets a test wait for "polled again, nothing new".
      options.container.dataset['polls'] = String(++polls);
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
