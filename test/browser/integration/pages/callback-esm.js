// A partner's callback page on the ES build: what examples without a callback page of their own use.
import { completeConnect } from '/dist/callback.js';

completeConnect();
