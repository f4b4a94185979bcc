// One redaction for the widget's Finsify errors and the proxy's answers and logs: src/contract/redact.ts.
export { REDACTED, errorMessage, redact } from '../contract/redact.js';
