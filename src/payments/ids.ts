import { newRecordId, recordIdPattern } from "../lifecycle/ids.js";

/** A short unique payment id, e.g. `P7K2M9XW4TQ`. */
export const newPaymentId = () => newRecordId("P");

/** What a payment id looks like, as a regular-expression source without anchors. */
export const PAYMENT_ID_PATTERN = recordIdPattern("P");
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
