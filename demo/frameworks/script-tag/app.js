// The page's own code. The widget's events bubble out of both elements, so one listener each is enough.
const log = document.getElementById('events');

function show(type, text) {
  const item = document.createElement('li');
  item.textContent = `${type} ${text}`.trim();
  log.append(item);
}

document.addEventListener('finsify-service-select', (event) => show(event.type, event.detail.service.name));
document.addEventListener('finsify-open', (event) => show(event.type, ''));
document.addEventListener('finsify-error', (event) => show(event.type, event.detail.error));
document.addEventListener('finsify-exit', (event) => show(event.type, event.detail.reason));
document.addEventListener('finsify-success', async (event) => {
  const { login_id, secret } = event.detail;
  show(event.type, String(login_id));
  // Hand the login to your backend, which keeps the secret (createFinsifyProxy's POST /logins).
  if (secret) await fetch('/finsify/logins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login_id, secret }) });
});
