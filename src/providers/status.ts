import type { PaymentStatus } from "./types.js";

/**
 * Each provider maps its own status names onto ours in exactly one table, kept in its `schemas.ts`
 * so that the provider's zod schema only accepts names the table knows.
 */
export type StatusTable<S extends string> = Readonly<Record<S, PaymentStatus>>;

export const FINAL_STATUSES: ReadonlySet<PaymentStatus> = new Set(["succeeded", "failed", "expired"]);

/** No more status changes are expected, except a later dispute of a success. */
export function isFinalStatus(status: PaymentStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/**
 * A quote nobody confirmed before its `expiresAt` can no longer be paid, even while the provider
 * still reports it under its "prepared" name (ArdorQR documents no expired status at all).
 */
export function expireStaleQuote(
  status: PaymentStatus,
  expiresAt: Date | undefined,
  now: number,
): PaymentStatus {
  return status === "quoted" && expiresAt !== undefined && expiresAt.getTime() <= now ? "expired" : status;
}
