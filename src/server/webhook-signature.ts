// Webhook signing with WebCrypto, the same code the sandbox signs with: src/contract/webhook-signature.ts.
export {
  DEFAULT_SIGNATURE_TOLERANCE_MS,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhookSignature,
  type SignatureCheck,
} from '../contract/webhook-signature.js';
