// The IIFE's global for a partner's TypeScript, from the script-tag build's `exports` entry (bundler,
// nodenext) or its `typesVersions` entry (node10).
import type {} from 'finsify-connect/dist/finsify-connect.iife.js';

window.FinsifyConnect.completeConnect();
globalThis.FinsifyConnect.parseCallback('https://partner.example/');
window.FinsifyConnect.registerLocale('km', { picker: { label: 'ស្វែងរកធនាគាររបស់អ្នក' } });
