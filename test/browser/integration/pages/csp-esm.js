// The strict-CSP page with the ES build: the modules a bundler would take (lit resolved by the test server).
import '/dist/index.js';
import './csp-app.js';
