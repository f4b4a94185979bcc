// Loads the built finsify-connect/callback entry and tells the test what it exports.
import * as callback from '/dist/callback.js';

window.callbackExports = Object.keys(callback).sort();
