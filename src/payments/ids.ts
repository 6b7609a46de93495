import { randomBytes } from "node:crypto";

// Crockford base32 without I, L, O, U: easy to read aloud and to type into /status.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A short unique payment id, e.g. `P7K2M9XW4TQ`: 50 random bits, enough for a company's lifetime. */
export function newPaymentId(): string {
  const bytes = randomBytes(10);
  let id = "P";
  for (let i = 0; i < 10; i++) id += ALPHABET[bytes[i]! & 31];
  return id;
}

/** What a payment id looks like, as a regular-expression source without anchors. */
export const PAYMENT_ID_PATTERN = "P[0-9A-HJKMNP-TV-Z]{10}";
const PAYMENT_ID = new RegExp(`^${PAYMENT_ID_PATTERN}$`);

export function isPaymentId(text: string): boolean {
  return PAYMENT_ID.test(text);
}

/** Every idempotency key is derived from our payment id: retries, double taps and instances agree. */
export const idempotencyKeys = {
  /** `attempt` counts quotes of one payment: a new one is asked for after an approval. */
  prepare: (paymentId: string, attempt: number) => `qrpay-${paymentId}-prepare-${attempt}`,
  confirm: (paymentId: string, attempt: number) => `qrpay-${paymentId}-confirm-${attempt}`,
};
