import type { StorageAdapter } from "grammy";

/**
 * The storage contract. Production keeps everything in Redis (`redis/`), so a restart or a second
 * instance loses nothing; the no-account playground can run on the in-memory twin (`memory/`).
 * Both pass the same contract test suite (test/integration/store-contract.test.ts).
 */

/** What every stored money record (payment, invoice, top-up order) carries for its indexes. */
export interface StoredRecord {
  id: string;
  provider: string;
  providerId: string;
  chatId: number;
  /** The person who started it (for "my payments"). */
  personId: number;
  createdAt: number;
  /** Whether the record still needs attention (drives `openIds`). */
  open: boolean;
}

export interface RecordQuery {
  limit: number;
  chatId?: number;
  personId?: number;
  /** Created at or after (ms). */
  from?: number;
  /** Created at or before (ms). */
  to?: number;
}

/** An audit entry to write, as part of another write or on its own. */
export type AuditDraft = Omit<AuditEntry, "id" | "at"> & { at?: number };

export interface UpdateOptions<T> {
  /**
   * A record this store returned a moment ago (`get`, `findByProviderId`, `update`). The store may
   * try the compare-and-set against it first and skip the read; it still decides "no change" only
   * on a fresh read.
   */
  known?: T;
  /** Audit entries written in the same atomic step as the change that wins (none when nothing changes). */
  audit?: (next: T, current: T) => AuditDraft[];
}

/**
 * Money records of one kind under their own key namespace (`pay`, `inv`, `top`): every change is a
 * compare-and-set, so double taps, racing webhooks and second instances cannot overwrite each other.
 */
export interface RecordStore<T extends StoredRecord> {
  /** Stores a new record (with its audit entries, in the same step); false when the id is taken. */
  create(record: T, audit?: AuditDraft[]): Promise<boolean>;
  get(id: string): Promise<T | undefined>;
  getMany(ids: string[]): Promise<T[]>;
  findByProviderId(provider: string, providerId: string): Promise<T | undefined>;
  /**
   * Applies `change` atomically (compare-and-set). `change` gets the current record and returns
   * the next one, or undefined to leave it; it may run several times under contention, so it must
   * be pure. Returns the record as stored and whether this call changed it.
   */
  update(
    id: string,
    change: (current: T) => T | undefined,
    options?: UpdateOptions<T>,
  ): Promise<{ record: T; changed: boolean } | undefined>;
  /** Ids of records that still need attention (for resuming after a restart). */
  openIds(): Promise<string[]>;
  /** Newest first. */
  recent(query: RecordQuery): Promise<T[]>;
}

export interface DueTimer {
  kind: string;
  id: string;
}

/**
 * Durable timers. Claiming a due timer leases it (moves it `leaseMs` into the future) atomically,
 * so one instance works on it, and if that instance dies it comes due again.
 */
export interface TimerStore {
  schedule(kind: string, id: string, dueAt: number): Promise<void>;
  /** Schedules only when no such timer exists (an existing one keeps its time). */
  ensure(kind: string, id: string, dueAt: number): Promise<void>;
  cancel(kind: string, id: string): Promise<void>;
  dueAt(kind: string, id: string): Promise<number | undefined>;
  claimDue(now: number, leaseMs: number, limit?: number): Promise<DueTimer[]>;
  nextDueAt(): Promise<number | undefined>;
}

/**
 * Webhook deliveries already handled. An id is reserved briefly while the event is applied, then
 * kept (≥ 72 h); a failure releases it, so the provider's retry is processed, not dropped.
 */
export interface WebhookDedup {
  /** True when this delivery is new and now reserved for the caller. */
  reserve(provider: string, eventId: string): Promise<boolean>;
  commit(provider: string, eventId: string): Promise<void>;
  release(provider: string, eventId: string): Promise<void>;
}

/**
 * Keys that may be used once while they are remembered: the Mini App's initData hashes. A launch of
 * the scanner is signed by Telegram and valid for MINIAPP_MAX_AGE_SECONDS; keeping each accepted
 * hash that long makes a second use of the same initData (a replay) fail.
 */
export interface OnceStore {
  /** True for the first claim of `key` within `ttlMs`; false while an earlier claim is remembered. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim, so the next one succeeds again. */
  release(key: string): Promise<void>;
}

export const ROLES = ["admin", "payer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** Someone who may use the bot. Limits in kopecks; absent means the company default. */
export interface PersonRecord {
  id: number;
  name: string;
  username?: string;
  role: Role;
  limits?: { perPaymentMinor?: number; perDayMinor?: number };
  addedAt: number;
  addedBy?: number;
}

export interface PeopleStore {
  get(id: number): Promise<PersonRecord | undefined>;
  list(): Promise<PersonRecord[]>;
  put(person: PersonRecord): Promise<void>;
  /** Atomic read-change-write; undefined when there is no such person. */
  update(id: number, change: (current: PersonRecord) => PersonRecord): Promise<PersonRecord | undefined>;
  /** True when the person was there. */
  remove(id: number): Promise<boolean>;
}

export interface Invite {
  token: string;
  role: Role;
  createdBy: number;
  createdAt: number;
  expiresAt: number;
}

/** One-time invitations; each expires on its own. */
export interface InviteStore {
  create(invite: Invite): Promise<void>;
  /** Takes the invite for use: exactly one caller gets it, and only before it expires. */
  take(token: string): Promise<Invite | undefined>;
  /** True when there was such a live invite. */
  revoke(token: string): Promise<boolean>;
  /** Live invites, oldest first. */
  list(): Promise<Invite[]>;
}

/** Money a person has committed on a day (kopecks), for daily limits. */
export interface SpendStore {
  /**
   * Adds `amountMinor` to the day's total if that keeps it within `limitMinor` (no limit when
   * undefined), atomically. Returns whether it was added and the total after.
   */
  reserve(
    personId: number,
    day: string,
    amountMinor: number,
    limitMinor?: number,
  ): Promise<{ ok: boolean; total: number }>;
  release(personId: number, day: string, amountMinor: number): Promise<void>;
  spent(personId: number, day: string): Promise<number>;
}

export interface AuditEntry {
  id: string;
  at: number;
  actor?: { id: number; name: string };
  action: string;
  details: Record<string, unknown>;
}

/** Append-only: entries are added and read, never changed or removed. */
export interface AuditLog {
  append(entry: AuditDraft): Promise<void>;
  /** Newest first; with `before` (an entry's id), only entries older than that one. */
  latest(limit: number, before?: string): Promise<AuditEntry[]>;
}

/** Record namespaces: one per kind of money record. */
export type RecordNamespace = "pay" | "inv" | "top";

/** Everything the app keeps, from one backend. */
export interface Stores<P extends StoredRecord> {
  readonly kind: "redis" | "memory";
  /** grammY session storage under a namespace, with the configured time to live. */
  sessions<T>(namespace: string): StorageAdapter<T>;
  readonly payments: RecordStore<P>;
  /** The store of one kind of money record (the same instance for the same namespace). */
  records<T extends StoredRecord>(namespace: RecordNamespace): RecordStore<T>;
  readonly timers: TimerStore;
  readonly dedup: WebhookDedup;
  /** Mini App initData already used. */
  readonly miniAppLaunches: OnceStore;
  /** Alerts already sent (a low balance), so each condition is announced once until it clears. */
  readonly alerts: OnceStore;
  readonly people: PeopleStore;
  readonly invites: InviteStore;
  readonly spend: SpendStore;
  readonly audit: AuditLog;
  /** The backend answers (readiness). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
