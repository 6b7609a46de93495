import type { AuditDraft, RecordStore } from "../store/types.js";
import { IllegalTransitionError, type Lifecycle } from "./machine.js";
import type { LifeRecord } from "./record.js";

/** A requested move of one record. */
export interface Move<R extends LifeRecord> {
  /** The state to move to; a function decides from the current record (a provider's report). */
  to: R["state"] | ((current: R) => R["state"] | undefined);
  /** Who or what moved it, kept in the history: "user", "webhook", "poll", "timer"… */
  via: string;
  /**
   * The states this action starts from. In any other state nothing changes (someone else moved
   * first): a race, not an error. Every listed state must allow the move.
   */
  from?: readonly R["state"][];
  /** Beyond the state: e.g. "the quote has lapsed". False: nothing changes. */
  when?: (current: R) => boolean;
  /** What else changes with the move. */
  patch?: (current: R) => Partial<R>;
  /** Entries for the audit trail, written in the same atomic step as the move. */
  audit?: (next: R) => AuditDraft[];
}

export interface Moved<R> {
  record: R;
  changed: boolean;
  /** This move reached a final state and claimed its notification: the caller sends it. */
  notify: boolean;
}

export interface KernelDeps<S extends string, R extends LifeRecord<S>> {
  lifecycle: Lifecycle<S>;
  store: RecordStore<R>;
  clock: () => number;
  /** How long a claimed notification belongs to its claimer. */
  notifyClaimMs: number;
  /** The audit entry every final state writes (with the move, atomically). */
  finalAudit?: (record: R) => AuditDraft;
}

/**
 * The one place a money record changes state. `advance()` enforces the lifecycle's table, appends
 * the history, claims the final notification and writes the audit entries — all in one
 * compare-and-set, so of any number of racing callers exactly one moves the record.
 */
export class RecordKernel<S extends string, R extends LifeRecord<S>> {
  constructor(private readonly deps: KernelDeps<S, R>) {}

  get lifecycle(): Lifecycle<S> {
    return this.deps.lifecycle;
  }

  /** Stores a new record in its first state, with its audit entries. */
  create(record: R, audit: AuditDraft[] = []): Promise<boolean> {
    return this.deps.store.create(record, audit);
  }

  /**
   * Moves a record, or leaves it when the move does not apply (already there, another state than
   * `from`, `when` false). Undefined when there is no such record. Throws
   * {@link IllegalTransitionError} for a move the table does not allow.
   */
  async advance(id: string, move: Move<R>, known?: R): Promise<Moved<R> | undefined> {
    const { lifecycle, clock } = this.deps;
    const from = move.from;
    if (from && typeof move.to === "string") {
      for (const state of from) {
        if (!lifecycle.canMove(state, move.to))
          throw new IllegalTransitionError(lifecycle.kind, id, state, move.to);
      }
    }
    let notify = false;
    const result = await this.deps.store.update(
      id,
      (current) => {
        notify = false;
        const to = typeof move.to === "function" ? move.to(current) : move.to;
        if (to === undefined || to === current.state) return undefined;
        if (from && !from.includes(current.state)) return undefined;
        if (!lifecycle.canMove(current.state, to)) {
          throw new IllegalTransitionError(lifecycle.kind, id, current.state, to);
        }
        if (move.when && !move.when(current)) return undefined;
        const now = clock();
        const final = lifecycle.isFinal(to);
        const next: R = {
          ...current,
          ...move.patch?.(current),
          state: to,
          open: true,
          updatedAt: now,
          ...(final && !current.finalAt ? { finalAt: now } : {}),
          history: [...current.history, { state: to, at: now, via: move.via }],
        };
        if (final && this.claimable(next, now)) {
          next.notifyingUntil = now + this.deps.notifyClaimMs;
          notify = true;
        }
        return next;
      },
      {
        ...(known ? { known } : {}),
        audit: (next) => [
          ...(move.audit?.(next) ?? []),
          ...(lifecycle.isFinal(next.state) && this.deps.finalAudit ? [this.deps.finalAudit(next)] : []),
        ],
      },
    );
    return result && { ...result, notify: result.changed && notify };
  }

  /**
   * Changes what a record holds without moving it (bookkeeping: a poll count, an approval's
   * messages). `change` returns undefined to leave it.
   */
  async patch(
    id: string,
    change: (current: R) => R | undefined,
    options: { known?: R; audit?: (next: R) => AuditDraft[] } = {},
  ): Promise<{ record: R; changed: boolean } | undefined> {
    return this.deps.store.update(
      id,
      (current) => {
        const next = change(current);
        if (next && next.state !== current.state) {
          throw new IllegalTransitionError(
            this.deps.lifecycle.kind,
            id,
            current.state,
            `${next.state} (by patch)`,
          );
        }
        return next;
      },
      {
        ...(options.known ? { known: options.known } : {}),
        ...(options.audit ? { audit: options.audit } : {}),
      },
    );
  }

  /** Claims the final notification for the caller; undefined when it is not theirs to send. */
  async claimNotification(id: string): Promise<{ record: R; claimed: boolean } | undefined> {
    const now = this.deps.clock();
    const result = await this.deps.store.update(id, (p) =>
      this.claimable(p, now) ? { ...p, notifyingUntil: now + this.deps.notifyClaimMs } : undefined,
    );
    return result && { record: result.record, claimed: result.changed };
  }

  /** The claimed notification went out: nothing more to do unless the state moves again. */
  async markNotified(id: string, state: S): Promise<void> {
    const at = this.deps.clock();
    await this.deps.store.update(id, (p) => ({
      ...p,
      notified: { state, at },
      notifyingUntil: undefined,
      open: p.state !== state,
    }));
  }

  /** The claimed notification failed: anyone may try again. */
  async releaseNotification(id: string): Promise<void> {
    await this.deps.store.update(id, (p) =>
      p.notifyingUntil === undefined ? undefined : { ...p, notifyingUntil: undefined },
    );
  }

  private claimable(p: R, now: number): boolean {
    if (!this.deps.lifecycle.isFinal(p.state) || p.notified?.state === p.state) return false;
    return !(p.notifyingUntil && p.notifyingUntil > now);
  }
}
