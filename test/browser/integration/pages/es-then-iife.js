// The ES build first (a partner's bundle), then the IIFE from a script tag (a second widget on the page).
import '/dist/index.js';

window.firstRegistration = {
  'finsify-connect': customElements.get('finsify-connect'),
  'finsify-service-picker': customElements.get('finsify-service-picker'),
};
const script = document.createElement('script');
script.src = '/dist/finsify-connect.iife.js';
script.onload = () => (window.iifeLoaded = true);
document.head.append(script);
