// The partner's callback page: hands the result to the widget that started the flow, strips it
// from the address bar and history, and closes the popup (or returns to the page in redirect mode).
import { completeConnect } from '../src/callback.js';

completeConnect();
