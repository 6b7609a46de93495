import type { RecordKernel } from "../lifecycle/kernel.js";
import type { FinalNotifications } from "../lifecycle/notifications.js";
import type { Logger } from "../logger.js";
import type { ReceiveProvider } from "../providers/receive.js";
import type { AuditDraft, RecordStore, TimerStore } from "../store/types.js";
import type { Person } from "../team/actor.js";
import type { InvoiceState } from "./lifecycle.js";
import type { InvoiceRecord } from "./types.js";

/** How invoices reach people: implemented by the bot. */
export interface InvoiceObserver {
  /** The requisites are out: draw them (and a scannable picture of a payment link). Best effort. */
  issued(record: InvoiceRecord): Promise<void>;
  /** The invoice changed; redraw its card. Best effort. */
  changed(record: InvoiceRecord): Promise<void>;
  /** A final state: final card and one notification. Throwing means "try again later". */
  finalized(record: InvoiceRecord): Promise<void>;
  /** Something only a person can sort out (amounts that cannot be trusted): tell the administrators. */
  attention(record: InvoiceRecord): Promise<void>;
}

export interface ReceiveProviderSet {
  readonly names: readonly string[];
  get(name: string): ReceiveProvider | undefined;
}

export interface InvoiceTimings {
  /** First status poll after the invoice is out; it doubles up to `pollMaxMs`. */
  pollInitialMs: number;
  pollMaxMs: number;
  /** After the invoice's expiry, how long to keep asking before a person has to look. */
  settleGraceMs: number;
  /** Tries to create an invoice whose creation answer was lost, before giving up. */
  createAttempts: number;
  notifyRetryMs: number;
  notifyClaimMs: number;
}

export const DEFAULT_INVOICE_TIMINGS: InvoiceTimings = {
  pollInitialMs: 5_000,
  pollMaxMs: 60_000,
  settleGraceMs: 60 * 60_000,
  createAttempts: 5,
  notifyRetryMs: 15_000,
  notifyClaimMs: 30_000,
};

export const INVOICE_TIMERS = { poll: "inv-poll", notify: "inv-notify" } as const;

export interface InvoiceContext {
  kernel: RecordKernel<InvoiceState, InvoiceRecord>;
  store: RecordStore<InvoiceRecord>;
  notifications: FinalNotifications<InvoiceState, InvoiceRecord>;
  timers: TimerStore;
  providers: ReceiveProviderSet;
  /** Where a provider sends its notifications (PUBLIC_URL + its descriptor's webhook path). */
  notificationUrl(provider: string): string;
  logger: Logger;
  clock: () => number;
  timings: InvoiceTimings;
  defer: (name: string, work: () => Promise<unknown>) => void;
  observer(): InvoiceObserver;
}

export function invoiceAudit(
  action: string,
  actor: Person | undefined,
  record: InvoiceRecord,
  details: Record<string, unknown> = {},
): AuditDraft {
  return {
    action,
    ...(actor ? { actor: { id: actor.id, name: actor.name } } : {}),
    details: {
      invoiceId: record.id,
      provider: record.choice.provider,
      direction: "in",
      amountMinor: record.amount.minor,
      ...details,
    },
  };
}

export function receiveProviderOf(ctx: InvoiceContext, name: string): ReceiveProvider {
  const provider = ctx.providers.get(name);
  if (!provider) throw new Error(`receive provider ${name} is not configured`);
  return provider;
}
