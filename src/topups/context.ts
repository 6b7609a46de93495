import type { RecordKernel } from "../lifecycle/kernel.js";
import type { FinalNotifications } from "../lifecycle/notifications.js";
import type { Logger } from "../logger.js";
import type { Money } from "../money.js";
import type { Exchanger } from "../providers/exchange.js";
import type { Provider } from "../providers/types.js";
import type { AuditDraft, RecordStore, TimerStore } from "../store/types.js";
import type { Person } from "../team/actor.js";
import type { TopupState } from "./lifecycle.js";
import type { TopupRecord } from "./types.js";

/** How top-ups reach people: implemented by the bot. */
export interface TopupObserver {
  changed(record: TopupRecord): Promise<void>;
  /** A final state: final card and one notification. Throwing means "try again later". */
  finalized(record: TopupRecord): Promise<void>;
}

export interface TopupTimings {
  /** Status polls of the exchanger's order: the first, doubling up to the most. */
  pollInitialMs: number;
  pollMaxMs: number;
  /** After the exchanger paid out, how long to wait for the provider's credit before a person looks. */
  creditGraceMs: number;
  notifyRetryMs: number;
  notifyClaimMs: number;
}

export const DEFAULT_TOPUP_TIMINGS: TopupTimings = {
  pollInitialMs: 10_000,
  pollMaxMs: 5 * 60_000,
  creditGraceMs: 6 * 60 * 60_000,
  notifyRetryMs: 15_000,
  notifyClaimMs: 30_000,
};

export const TOPUP_TIMERS = { poll: "top-poll", notify: "top-notify" } as const;

export interface TopupContext {
  kernel: RecordKernel<TopupState, TopupRecord>;
  store: RecordStore<TopupRecord>;
  notifications: FinalNotifications<TopupState, TopupRecord>;
  timers: TimerStore;
  exchanger: Exchanger;
  /** The spend providers (their deposit addresses, balances and deposits). */
  provider(name: string): Provider | undefined;
  /** What our own payments took from a provider's balance since then (its debit currency). */
  spentSince(provider: string, since: number): Promise<Money>;
  /** PUBLIC_URL + the exchanger's webhook path. */
  ipnUrl: string;
  logger: Logger;
  clock: () => number;
  timings: TopupTimings;
  defer: (name: string, work: () => Promise<unknown>) => void;
  observer(): TopupObserver;
}

export function topupAudit(
  action: string,
  actor: Person | undefined,
  record: TopupRecord,
  details: Record<string, unknown> = {},
): AuditDraft {
  return {
    action,
    ...(actor ? { actor: { id: actor.id, name: actor.name } } : {}),
    details: {
      topupId: record.id,
      provider: record.target,
      exchanger: record.provider,
      direction: "topup",
      amountMinor: record.amount.minor,
      ...details,
    },
  };
}
