// The strict-CSP page's own code: logs the widget's events into #events (no markup strings).
for (const type of ['finsify-service-select', 'finsify-open', 'finsify-success', 'finsify-error', 'finsify-exit']) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    item.textContent = `${type} ${event.detail?.login_id ?? event.detail?.service?.name ?? event.detail?.error ?? event.detail?.reason ?? ''}`.trim();
    document.getElementById('events').append(item);
  });
}
