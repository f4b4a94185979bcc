// The partner's callback page, as the README tells partners to write it.
import { completeConnect } from '../../../../src/callback.js';

completeConnect();
