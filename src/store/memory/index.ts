import type { RecordNamespace, RecordStore, StoredRecord, Stores } from "../types.js";
import { MemoryAuditLog } from "./audit.js";
import { MemoryWebhookDedup } from "./dedup.js";
import { ExpiringMap } from "./expiring-map.js";
import { MemoryInviteStore } from "./invites.js";
import { MemoryOnceStore } from "./once.js";
import { MemoryPeopleStore } from "./people.js";
import { MemoryRecordStore } from "./records.js";
import { MemorySessionStorage } from "./sessions.js";
import { MemorySpendStore } from "./spend.js";
import { MemoryTimerStore } from "./timers.js";

export interface MemoryStoresOptions {
  sessionTtlSeconds: number;
  clock?: () => number;
}

/**
 * Every store in process memory, for the playground when no Redis answers. Nothing survives the
 * process, and a second instance shares nothing: never for production.
 */
export function createMemoryStores<P extends StoredRecord>(options: MemoryStoresOptions): Stores<P> {
  const clock = options.clock ?? Date.now;
  const values = new ExpiringMap<string, string>(clock);
  const audit = new MemoryAuditLog(clock);
  const records = new Map<RecordNamespace, RecordStore<StoredRecord>>();
  const recordsOf = <T extends StoredRecord>(namespace: RecordNamespace): RecordStore<T> => {
    let store = records.get(namespace);
    if (!store) {
      store = new MemoryRecordStore<StoredRecord>(audit);
      records.set(namespace, store);
    }
    return store as unknown as RecordStore<T>;
  };
  return {
    kind: "memory",
    sessions: <T>(namespace: string) =>
      new MemorySessionStorage<T>(values, `session:${namespace}`, options.sessionTtlSeconds * 1000),
    payments: recordsOf<P>("pay"),
    records: recordsOf,
    timers: new MemoryTimerStore(),
    dedup: new MemoryWebhookDedup(values),
    miniAppLaunches: new MemoryOnceStore(values, "miniapp"),
    alerts: new MemoryOnceStore(values, "alert"),
    people: new MemoryPeopleStore(),
    invites: new MemoryInviteStore(clock),
    spend: new MemorySpendStore(),
    audit,
    healthy: async () => true,
    close: async () => {},
  };
}
