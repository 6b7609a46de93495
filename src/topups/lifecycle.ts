import { defineLifecycle } from "../lifecycle/machine.js";
import type { ExchangeStatus } from "../providers/exchange.js";

/**
 * A top-up's life: the company's rubles through the exchanger to a spend provider's balance.
 *
 *   creating ──► awaiting_payment ──► exchanging ──► sent ──► credited
 *     │               │                   │            └──► attention (the credit never showed)
 *     └──► failed     └───────────────────┴──► returned | cancelled
 *
 * `sent` is not the end: the exchanger says it paid out, and only the provider's own word (a
 * credited deposit, or a balance that grew by the amount) makes it `credited`.
 */
export const TOPUP_STATES = [
  "creating",
  "awaiting_payment",
  "exchanging",
  "sent",
  "credited",
  "returned",
  "cancelled",
  "failed",
  "attention",
] as const;
export type TopupState = (typeof TOPUP_STATES)[number];

export const topupLifecycle = defineLifecycle<TopupState>({
  kind: "topup",
  states: TOPUP_STATES,
  next: {
    creating: ["awaiting_payment", "exchanging", "sent", "failed"],
    // An IPN is sent once and may be lost: a poll can find the order several steps on.
    awaiting_payment: ["exchanging", "sent", "returned", "cancelled"],
    exchanging: ["sent", "returned", "cancelled"],
    sent: ["credited", "attention"],
    credited: [],
    returned: [],
    cancelled: [],
    failed: [],
    attention: [],
  },
  final: ["credited", "returned", "cancelled", "failed", "attention"],
});

/** Where the exchanger's status puts our top-up (undefined for a status we do not know). */
export function stateOfExchange(status: ExchangeStatus | "unknown"): TopupState | undefined {
  switch (status) {
    case "new":
    case "waitPayment":
    case "errorPayment":
      return "awaiting_payment";
    case "inProgress":
    case "inProgressPayout":
    case "errorPayout":
    case "hold":
      return "exchanging";
    case "done":
      return "sent";
    case "returned":
      return "returned";
    case "deleted":
      return "cancelled";
    case "unknown":
      return undefined;
  }
}

const ORDER: Record<TopupState, number> = {
  creating: 0,
  awaiting_payment: 1,
  exchanging: 2,
  sent: 3,
  credited: 4,
  returned: 4,
  cancelled: 4,
  failed: 4,
  attention: 4,
};

/** Whether an exchanger status is news for a top-up in `current` (never a step back). */
export function isNewsFor(current: TopupState, status: ExchangeStatus | "unknown"): boolean {
  const state = stateOfExchange(status);
  return (
    state !== undefined &&
    ORDER[state] >= ORDER[current] &&
    (state === current || topupLifecycle.canMove(current, state))
  );
}

/** Whether the exchanger may still change this order (so it is polled). */
export const awaitsExchanger = (state: TopupState) =>
  state === "creating" || state === "awaiting_payment" || state === "exchanging";
