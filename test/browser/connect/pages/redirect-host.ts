// A partner page for the redirect tests, configured by its query: `mode`, `token` (the token
// URL), `block` (make window.open return null, as a popup blocker does) and `nostorage` (make
// storage refuse writes, as a blocked or full sessionStorage does).
import '../../../../src/connect.js';

const params = new URLSearchParams(location.search);
const element = document.querySelector('finsify-connect')!;
if (params.get('block')) window.open = () => null;
if (params.get('nostorage')) {
  Storage.prototype.setItem = () => {
    throw new DOMException('storage is off', 'SecurityError');
  };
}
element.mode = (params.get('mode') ?? 'redirect') as typeof element.mode;
element.tokenUrl = params.get('token') ?? undefined;
