// First script of the integration pages: keeps every uncaught error, so a test can assert there was none.
window.pageErrors = [];
window.addEventListener('error', (event) => window.pageErrors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => window.pageErrors.push(String(event.reason)));
