import type { StoredPayment, Stores } from "../types.js";
import { MemoryAuditLog } from "./audit.js";
import { MemoryWebhookDedup } from "./dedup.js";
import { ExpiringMap } from "./expiring-map.js";
import { MemoryInviteStore } from "./invites.js";
import { MemoryPaymentStore } from "./payments.js";
import { MemoryPeopleStore } from "./people.js";
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
export function createMemoryStores<P extends StoredPayment>(options: MemoryStoresOptions): Stores<P> {
  const clock = options.clock ?? Date.now;
  const values = new ExpiringMap<string, string>(clock);
  return {
    kind: "memory",
    sessions: <T>(namespace: string) =>
      new MemorySessionStorage<T>(values, `session:${namespace}`, options.sessionTtlSeconds * 1000),
    payments: new MemoryPaymentStore<P>(),
    timers: new MemoryTimerStore(),
    dedup: new MemoryWebhookDedup(values),
    people: new MemoryPeopleStore(),
    invites: new MemoryInviteStore(clock),
    spend: new MemorySpendStore(),
    audit: new MemoryAuditLog(clock),
    healthy: async () => true,
    close: async () => {},
  };
}
