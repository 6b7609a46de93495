import type { Logger } from "../../logger.js";
import { createKeys } from "../keys.js";
import { closeRedis, createRedis, type RedisClient, redisHealthy } from "../redis.js";
import type { RecordNamespace, RecordStore, StoredRecord, Stores } from "../types.js";
import { RedisAuditLog } from "./audit.js";
import { RedisWebhookDedup } from "./dedup.js";
import { RedisInviteStore } from "./invites.js";
import { RedisOnceStore } from "./once.js";
import { RedisPeopleStore } from "./people.js";
import { RedisRecordStore } from "./records.js";
import { RedisSessionStorage } from "./sessions.js";
import { RedisSpendStore } from "./spend.js";
import { RedisTimerStore } from "./timers.js";

export interface RedisStoresOptions {
  url: string;
  /** Every key starts with it. */
  prefix: string;
  sessionTtlSeconds: number;
  logger: Logger;
}

/** Connects to Redis and returns every store on it. Throws when Redis does not answer. */
export async function createRedisStores<P extends StoredRecord>(
  options: RedisStoresOptions,
): Promise<Stores<P> & { redis: RedisClient }> {
  const redis = await createRedis({ url: options.url, logger: options.logger });
  const keys = createKeys(options.prefix);
  const records = new Map<RecordNamespace, RecordStore<StoredRecord>>();
  const recordsOf = <T extends StoredRecord>(namespace: RecordNamespace): RecordStore<T> => {
    let store = records.get(namespace);
    if (!store) {
      store = new RedisRecordStore<StoredRecord>(redis, keys, namespace);
      records.set(namespace, store);
    }
    return store as unknown as RecordStore<T>;
  };
  return {
    kind: "redis",
    redis,
    sessions: <T>(namespace: string) =>
      new RedisSessionStorage<T>({ redis, keys, namespace, ttlSeconds: options.sessionTtlSeconds }),
    payments: recordsOf<P>("pay"),
    records: recordsOf,
    timers: new RedisTimerStore(redis, keys),
    dedup: new RedisWebhookDedup(redis, keys),
    miniAppLaunches: new RedisOnceStore(redis, keys, "miniapp"),
    alerts: new RedisOnceStore(redis, keys, "alert"),
    people: new RedisPeopleStore(redis, keys),
    invites: new RedisInviteStore(redis, keys),
    spend: new RedisSpendStore(redis, keys),
    audit: new RedisAuditLog(redis, keys),
    healthy: () => redisHealthy(redis),
    close: () => closeRedis(redis),
  };
}
