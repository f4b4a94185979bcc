// The IIFE's global for a partner's TypeScript, from the `exports` entry of the script-tag build.
// Bundler and nodenext resolution only: node10 reads no `exports`, and `typesVersions` has no entry
// for this path (types.test.ts leaves this file out of its node10 run).
import type {} from 'finsify-connect/dist/finsify-connect.iife.js';

window.FinsifyConnect.completeConnect();
globalThis.FinsifyConnect.parseCallback('https://partner.example/');
