import { MAX_WRONG_ATTEMPTS, SANDBOX_TEST_CREDENTIALS } from './credentials.js';
import { Html, markup } from './html.js';
import type { PagePreferences } from './page-preferences.js';
import { pageStyles } from './page-styles.js';
import { pageText, type PageText } from './page-text.js';

/** How the connect pages show the service being connected. */
export interface PageBrand {
  name: string;
  /** `#rrggbb`. */
  primary: string;
  mark: string;
  logoUrl: string | null;
}

/** The Finsify look, for pages that have no service to show (unknown or used tokens). */
export const NEUTRAL_BRAND: PageBrand = { name: 'Finsify', primary: '#1d4ed8', mark: 'F', logoUrl: null };

// Progressive enhancement only: every page works without it. Announces a slow sign-in and stops
// a second submit of the same form.
const SCRIPT = `document.querySelectorAll('form').forEach(function (form) {
  form.addEventListener('submit', function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = '1';
    var status = document.getElementById('status');
    if (status && form.dataset.busyText && event.submitter && event.submitter.value === 'login') status.textContent = form.dataset.busyText;
  });
});`;

function brandHeader(brand: PageBrand): Html {
  const image = brand.logoUrl
    ? markup`<img src="${brand.logoUrl}" alt="" width="40" height="40">`
    : markup`<span class="badge" aria-hidden="true">${brand.mark}</span>`;
  return markup`<div class="brand">${image}<span class="brand-name">${brand.name}</span></div>`;
}

// An icon and a title beside the red, so an error is never told by its colour alone.
const ERROR_ICON = new Html(
  '<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false"><circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M10 5.5v5.5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/><circle cx="10" cy="14.3" r="1.3" fill="currentColor"/></svg>',
);

function errorBox(title: string, message: string, id?: string): Html {
  return markup`<div class="error"${id ? markup` id="${id}"` : ''} role="alert">${ERROR_ICON}<p><strong>${title}</strong> <span>${message}</span></p></div>`;
}

function credentialsBox(text: PageText): Html {
  const rows = SANDBOX_TEST_CREDENTIALS.map(
    (c) =>
      markup`<tr><td><code>${c.username}</code></td><td><code>${c.password}</code></td><td>${text.credentialOutcome(c.outcome, MAX_WRONG_ATTEMPTS)}</td></tr>`,
  );
  const [username, password, outcome] = text.credentialsHeaders;
  return markup`<aside class="test-credentials" aria-labelledby="test-credentials-title">
<h2 id="test-credentials-title">${text.credentialsTitle}</h2>
<p>${text.credentialsWarning}</p>
<table><thead><tr><th scope="col">${username}</th><th scope="col">${password}</th><th scope="col">${outcome}</th></tr></thead>
<tbody>${rows}<tr><td colspan="2">${text.cancelRow[0]}</td><td>${text.cancelRow[1]}</td></tr></tbody></table>
</aside>`;
}

/** What every connect page is given: its nonce, the service's look and the partner's preferences. */
interface PageBase {
  nonce: string;
  brand: PageBrand;
  preferences: PagePreferences;
}

function document(page: PageBase & { title: string; body: Html; errorName?: string }): string {
  const { nonce, title, brand, body, errorName, preferences } = page;
  const text = pageText(preferences.locale);
  return `<!doctype html>\n${markup`<html lang="${preferences.locale}"${preferences.theme === 'system' ? '' : markup` data-theme="${preferences.theme}"`}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${errorName ? markup`<meta name="finsify-error" content="${errorName}">` : ''}
<title>${title}</title>
<style nonce="${nonce}">${new Html(pageStyles(brand.primary, preferences.theme))}</style>
</head><body><main>
<div class="card">${brandHeader(brand)}<div class="content">${body}</div></div>
${credentialsBox(text)}
<footer>${text.footer}</footer>
</main><script nonce="${nonce}">${new Html(SCRIPT)}</script></body></html>`}`;
}

/** Step 1: what the partner gets to read, with Accept and Cancel. `partner` is the client's configured name. */
export function termsPage(input: PageBase & { partner: string; reconnect: boolean }): string {
  const { brand, partner } = input;
  const text = pageText(input.preferences.locale);
  const title = input.reconnect ? text.reconnectTitle(brand.name) : text.connectTitle(brand.name);
  const body = markup`<p class="step">${text.stepTerms}</p>
<h1>${title}</h1>
<p>${text.termsIntro(partner, brand.name)}</p>
<ul><li>${text.readsAccounts}</li><li>${text.readsTransactions}</li></ul>
<p>${text.termsLimits(partner)}</p>
<form method="post"><div class="actions">
<button class="primary" type="submit" name="action" value="accept">${text.accept}</button>
<button class="secondary" type="submit" name="action" value="cancel">${text.cancel}</button>
</div></form>`;
  return document({ ...input, title: `${title} · ${text.stepTerms}`, body });
}

/**
 * Step 2: the bank's login form, with the error of the last try when there was one. `username`
 * is kept (a reconnect's, or the one just typed); the password never is.
 */
export function loginPage(input: PageBase & { reconnect: boolean; username?: string; failedAttempts: number }): string {
  const { brand, failedAttempts } = input;
  const text = pageText(input.preferences.locale);
  const left = MAX_WRONG_ATTEMPTS - failedAttempts;
  const error = failedAttempts > 0;
  const focusUser = !input.username;
  const field = (id: string, label: string, type: string, autocomplete: string, value: string, focus: boolean): Html =>
    markup`<label for="${id}">${label}</label><input id="${id}" name="${id}" type="${type}" autocomplete="${autocomplete}" value="${value}" required${
      error ? markup` aria-invalid="true" aria-describedby="form-error"` : ''
    }${focus ? markup` autofocus` : ''}>`;
  const body = markup`<p class="step">${text.stepSignIn}</p>
<h1>${text.signInTitle(brand.name)}</h1>
<p>${text.signInHint(brand.name)}</p>
${error ? errorBox(text.signInFailed, text.wrongCredentials(left), 'form-error') : ''}
<form method="post" data-busy-text="${text.busy(brand.name)}">
${field('username', text.username, 'text', 'username', input.username ?? '', focusUser)}
${field('password', text.password, 'password', 'current-password', '', !focusUser)}
<p id="status" class="status" role="status" aria-live="polite"></p>
<div class="actions">
<button class="primary" type="submit" name="action" value="login">${input.reconnect ? text.reconnect : text.connect}</button>
<button class="secondary" type="submit" name="action" value="cancel" formnovalidate>${text.cancel}</button>
</div></form>`;
  return document({ ...input, title: text.signInTitle(brand.name), body });
}

/** A page for a flow that cannot go on (unknown or used token, maintenance). `message` is the API's English one. */
export function errorPage(input: Omit<PageBase, 'brand'> & { brand?: PageBrand; message: string; errorName: string }): string {
  const text = pageText(input.preferences.locale);
  const title = text.errorTitle(input.errorName);
  const body = markup`<h1>${title}</h1>${errorBox(text.errorLabel, text.errorMessage(input.errorName, input.message))}
<p>${text.startAgain}</p>`;
  return document({ ...input, brand: input.brand ?? NEUTRAL_BRAND, title, body, errorName: input.errorName });
}
