import { accessibleOn, textColorOn } from './color.js';
import { MAX_WRONG_ATTEMPTS, SANDBOX_TEST_CREDENTIALS } from './credentials.js';
import { Html, markup } from './html.js';

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

// Raw CSS: only constants and colours computed from validated hex values go in.
function styles(brand: PageBrand): string {
  const onBrand = textColorOn(brand.primary);
  return `
:root { color-scheme: light dark; --brand: ${brand.primary}; --on-brand: ${onBrand};
  --brand-text: ${accessibleOn(brand.primary, '#ffffff')}; --bg: #f3f4f6; --surface: #ffffff; --text: #111827;
  --muted: #4b5563; --line: #d1d5db; --error-bg: #fef2f2; --error: #b91c1c; --note-bg: #fffbeb; --note-line: #b45309; }
@media (prefers-color-scheme: dark) { :root { --brand-text: ${accessibleOn(brand.primary, '#1f2937')}; --bg: #0b1120;
  --surface: #1f2937; --text: #f9fafb; --muted: #d1d5db; --line: #4b5563; --error-bg: #3b0d0d; --error: #fca5a5;
  --note-bg: #2a2113; --note-line: #fbbf24; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 30rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: 14px; overflow: hidden; }
.brand { display: flex; align-items: center; gap: .75rem; padding: 1rem 1.25rem; background: var(--brand); color: var(--on-brand); }
.brand img, .badge { width: 40px; height: 40px; border-radius: 10px; flex: none; }
.badge { display: grid; place-items: center; font-weight: 700; font-size: .8rem; border: 2px solid var(--on-brand); }
.brand-name { font-weight: 600; font-size: 1.05rem; }
.content { padding: 1.25rem; }
h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 .5rem; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
.step { color: var(--muted); font-size: .875rem; margin: 0 0 .25rem; }
p { margin: 0 0 1rem; }
ul { margin: 0 0 1rem; padding-left: 1.25rem; }
label { display: block; font-weight: 600; margin: 0 0 .25rem; }
input { display: block; width: 100%; font: inherit; color: inherit; background: var(--surface); padding: .65rem .75rem;
  border: 1px solid var(--muted); border-radius: 8px; margin: 0 0 1rem; }
input[aria-invalid="true"] { border-color: var(--error); }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; margin-top: .5rem; }
button, .button { font: inherit; font-weight: 600; padding: .65rem 1.25rem; border-radius: 8px; cursor: pointer;
  border: 2px solid var(--brand-text); text-decoration: none; display: inline-block; }
.primary { background: var(--brand); color: var(--on-brand); border-color: var(--brand); }
.secondary { background: transparent; color: var(--brand-text); }
:focus-visible { outline: 3px solid var(--brand-text); outline-offset: 3px; }
input:focus-visible { outline-offset: 1px; }
.error { background: var(--error-bg); color: var(--error); border-left: 4px solid var(--error); padding: .75rem 1rem; border-radius: 6px; }
.status:empty { display: none; }
.status { color: var(--muted); }
.test-credentials { margin-top: 1.25rem; background: var(--note-bg); border: 1px solid var(--note-line); border-radius: 12px; padding: 1rem 1.25rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem .35rem 0; vertical-align: top; border-top: 1px solid var(--line); }
thead th { border-top: 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
footer { color: var(--muted); font-size: .85rem; margin-top: 1rem; text-align: center; }
@media (prefers-reduced-motion: no-preference) { button { transition: filter .15s; } button:hover { filter: brightness(1.08); } }
`;
}

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

function credentialsBox(): Html {
  const rows = SANDBOX_TEST_CREDENTIALS.map(
    (c) => markup`<tr><td><code>${c.username}</code></td><td><code>${c.password}</code></td><td>${c.description}</td></tr>`,
  );
  return markup`<aside class="test-credentials" aria-labelledby="test-credentials-title">
<h2 id="test-credentials-title">Sandbox test credentials</h2>
<p>This is the Finsify sandbox: no real bank is contacted. Do not type real credentials.</p>
<table><thead><tr><th scope="col">Username</th><th scope="col">Password</th><th scope="col">Outcome</th></tr></thead>
<tbody>${rows}<tr><td colspan="2">Cancel button</td><td>Ends the flow with status "cancel".</td></tr></tbody></table>
</aside>`;
}

function document(options: { nonce: string; title: string; brand: PageBrand; body: Html; errorName?: string }): string {
  const { nonce, title, brand, body, errorName } = options;
  return `<!doctype html>\n${markup`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${errorName ? markup`<meta name="finsify-error" content="${errorName}">` : ''}
<title>${title}</title>
<style nonce="${nonce}">${new Html(styles(brand))}</style>
</head><body><main>
<div class="card">${brandHeader(brand)}<div class="content">${body}</div></div>
${credentialsBox()}
<footer>Finsify Sandbox · an offline stand-in for Finsify API v2</footer>
</main><script nonce="${nonce}">${new Html(SCRIPT)}</script></body></html>`}`;
}

/** Step 1: what the partner gets to read, with Accept and Cancel. */
export function termsPage(input: { nonce: string; brand: PageBrand; partner: string; reconnect: boolean }): string {
  const { brand, partner } = input;
  const title = input.reconnect ? `Reconnect ${brand.name}` : `Connect ${brand.name}`;
  const body = markup`<p class="step">Step 1 of 2 · Terms</p>
<h1>${title}</h1>
<p><strong>${partner}</strong> uses Finsify to read your ${brand.name} data. If you agree, Finsify will be able to read:</p>
<ul><li>the names and balances of your accounts,</li><li>your transactions of the last six months and new ones as they arrive.</li></ul>
<p>Finsify cannot move money. You can disconnect at any time in ${partner}.</p>
<form method="post"><div class="actions">
<button class="primary" type="submit" name="action" value="accept">Accept and continue</button>
<button class="secondary" type="submit" name="action" value="cancel">Cancel</button>
</div></form>`;
  return document({ nonce: input.nonce, title: `${title} · Terms`, brand, body });
}

/** Step 2: the bank's login form, with the error of the last try when there was one. */
export function loginPage(input: {
  nonce: string;
  brand: PageBrand;
  reconnect: boolean;
  username?: string;
  failedAttempts: number;
}): string {
  const { brand, failedAttempts } = input;
  const left = MAX_WRONG_ATTEMPTS - failedAttempts;
  const error = failedAttempts > 0;
  const focusUser = !input.username;
  const field = (id: string, label: string, type: string, autocomplete: string, value: string, focus: boolean): Html =>
    markup`<label for="${id}">${label}</label><input id="${id}" name="${id}" type="${type}" autocomplete="${autocomplete}" value="${value}" required${
      error ? markup` aria-invalid="true" aria-describedby="form-error"` : ''
    }${focus ? markup` autofocus` : ''}>`;
  const body = markup`<p class="step">Step 2 of 2 · Sign in</p>
<h1>Sign in to ${brand.name}</h1>
<p>Use your ${brand.name} internet banking username and password.</p>
${error ? markup`<p class="error" id="form-error" role="alert">Wrong username or password. ${left} ${left === 1 ? 'try' : 'tries'} left.</p>` : ''}
<form method="post" data-busy-text="${`Connecting to ${brand.name}… this can take a few seconds.`}">
${field('username', 'Username', 'text', 'username', input.username ?? '', focusUser)}
${field('password', 'Password', 'password', 'current-password', '', !focusUser)}
<p id="status" class="status" role="status" aria-live="polite"></p>
<div class="actions">
<button class="primary" type="submit" name="action" value="login">${input.reconnect ? 'Reconnect' : 'Connect'}</button>
<button class="secondary" type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</div></form>`;
  return document({ nonce: input.nonce, title: `Sign in to ${brand.name}`, brand, body });
}

/** A page for a flow that cannot go on (unknown or used token, maintenance). */
export function errorPage(input: { nonce: string; brand?: PageBrand; title: string; message: string; errorName: string }): string {
  const body = markup`<h1>${input.title}</h1><p class="error" role="alert">${input.message}</p>
<p>Close this window and start again from the app you came from.</p>`;
  return document({ nonce: input.nonce, title: input.title, brand: input.brand ?? NEUTRAL_BRAND, body, errorName: input.errorName });
}
