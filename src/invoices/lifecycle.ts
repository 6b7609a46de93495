import { defineLifecycle } from "../lifecycle/machine.js";
import type { InvoiceStatus } from "../providers/receive.js";

/**
 * An invoice's life: money a customer pays to the company.
 *
 *   creating ──► waiting ──► paid ──► disputed
 *     │            │  ▲
 *     │            ├──┼──► expired | cancelled ──► paid (the customer paid anyway)
 *     │            └──┴──► disputed | attention
 *     └──► failed (no requisites, a refusal) | cancelled | attention
 *
 * Only a signed status read moves an invoice to `paid`; a notification only asks for one. A status
 * read whose amounts cannot be trusted moves it to `attention`: a person looks, nothing is credited.
 */
export const INVOICE_STATES = [
  "creating",
  "waiting",
  "paid",
  "expired",
  "cancelled",
  "disputed",
  "failed",
  "attention",
] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

export const invoiceLifecycle = defineLifecycle<InvoiceState>({
  kind: "invoice",
  states: INVOICE_STATES,
  next: {
    creating: ["waiting", "failed", "cancelled", "attention"],
    waiting: ["paid", "expired", "cancelled", "disputed", "attention"],
    paid: ["disputed"],
    // Money that arrives after we stopped waiting is still money: a late payment is recorded.
    expired: ["paid"],
    cancelled: ["paid", "disputed"],
    disputed: [],
    failed: [],
    attention: [],
  },
  final: ["paid", "expired", "cancelled", "disputed", "failed", "attention"],
});

/** Where a status read takes an invoice we hold in `current`; undefined when it changes nothing. */
export function stateAfterStatusRead(
  current: InvoiceState,
  read: { status: InvoiceStatus; problems?: readonly string[] },
): InvoiceState | undefined {
  if (read.problems && read.problems.length > 0) {
    return invoiceLifecycle.canMove(current, "attention") ? "attention" : undefined;
  }
  const to: InvoiceState | undefined =
    read.status === "paid"
      ? "paid"
      : read.status === "expired"
        ? "expired"
        : read.status === "cancelled"
          ? "cancelled"
          : read.status === "disputed"
            ? "disputed"
            : read.status === "pending" || read.status === "processing"
              ? current === "creating"
                ? "waiting"
                : undefined
              : undefined;
  return to && to !== current && invoiceLifecycle.canMove(current, to) ? to : undefined;
}

/** Whether the provider may still change this invoice (so it needs notifications or polls). */
export function awaitsCustomer(state: InvoiceState): boolean {
  return state === "creating" || state === "waiting" || state === "cancelled";
}
