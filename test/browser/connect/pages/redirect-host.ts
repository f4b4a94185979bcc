// A partner page for the redirect tests, configured by its query: `mode`, `token` (the token
// URL), `block` (make window.open return null, as a popup blocker does) and `nostorage` (make
// storage refuse writes, as a blocked or full sessionStorage does) and `pick` (no fixed service:
// a stand-in picker, `#picker`, chooses one).
import '../../../../src/connect.js';

const params = new URLSearchParams(location.search);
const element = document.querySelector('finsify-connect')!;
if (params.get('block')) window.open = () => null;
if (params.get('nostorage')) {
  Storage.prototype.setItem = () => {
    throw new DOMException('storage is off', 'SecurityError');
  };
}
if (params.get('pick')) {
  element.removeAttribute('service-id');
  element.removeAttribute('service-name');
  const picker = document.createElement('div');
  picker.id = 'picker';
  element.append(picker);
}
element.mode = (params.get('mode') ?? 'redirect') as typeof element.mode;
element.tokenUrl = params.get('token') ?? undefined;
