import { defineLifecycle } from "../lifecycle/machine.js";
import type { PaymentStatus } from "../providers/types.js";

/**
 * Our payment's life. The provider's statuses map onto these; so do a person's actions.
 *
 *   quoted ──► confirming ──► processing ──► succeeded ──► disputed
 *     │  ▲          │              │
 *     ▼  │          └──────────────┴──► failed | expired | disputed
 *   awaiting_approval ──► rejected | failed | cancelled
 *     (quoted also ──► expired | cancelled)
 *
 * Transitions only move forward: a late `processing` never undoes `succeeded`.
 */
export const PAYMENT_STATES = [
  "quoted",
  "awaiting_approval",
  "confirming",
  "processing",
  "succeeded",
  "failed",
  "expired",
  "disputed",
  "cancelled",
  "rejected",
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const paymentLifecycle = defineLifecycle<PaymentState>({
  kind: "payment",
  states: PAYMENT_STATES,
  next: {
    quoted: ["confirming", "awaiting_approval", "expired", "cancelled"],
    // Approved: a fresh quote (back to quoted), paid at once when its amount did not change.
    awaiting_approval: ["quoted", "rejected", "failed", "cancelled"],
    confirming: ["processing", "succeeded", "failed", "expired", "disputed"],
    processing: ["succeeded", "failed", "expired", "disputed"],
    succeeded: ["disputed"],
    failed: [],
    expired: [],
    disputed: [],
    cancelled: [],
    rejected: [],
  },
  // Money can no longer move because of us. `succeeded` may still become `disputed`.
  final: ["succeeded", "failed", "expired", "disputed", "cancelled", "rejected"],
});

export const canTransition = paymentLifecycle.canMove;
export const isFinal = paymentLifecycle.isFinal;

/** Whether a provider may still change this payment (so it needs a webhook or a poll). */
export function awaitsProvider(state: PaymentState): boolean {
  return state === "confirming" || state === "processing";
}

/**
 * Where a status reported by the provider takes a payment we hold in `current`, or undefined when
 * it changes nothing (a duplicate, a late or out-of-order report, a quote status after confirm).
 */
export function stateAfterProviderStatus(
  current: PaymentState,
  reported: PaymentStatus,
): PaymentState | undefined {
  // The provider's "quoted" only says it has not started yet; our own state already knows more.
  if (reported === "quoted") return undefined;
  // A quote nobody confirmed cannot be paid, so a report of payment for it is not believed…
  if ((current === "quoted" || current === "awaiting_approval") && reported !== "expired") return undefined;
  return canTransition(current, reported) ? reported : undefined;
}
