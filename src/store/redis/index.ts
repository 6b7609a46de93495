import type { Logger } from "../../logger.js";
import { createKeys } from "../keys.js";
import { closeRedis, createRedis, type RedisClient, redisHealthy } from "../redis.js";
import type { StoredPayment, Stores } from "../types.js";
import { RedisAuditLog } from "./audit.js";
import { RedisWebhookDedup } from "./dedup.js";
import { RedisInviteStore } from "./invites.js";
import { RedisPaymentStore } from "./payments.js";
import { RedisPeopleStore } from "./people.js";
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
export async function createRedisStores<P extends StoredPayment>(
  options: RedisStoresOptions,
): Promise<Stores<P> & { redis: RedisClient }> {
  const redis = await createRedis({ url: options.url, logger: options.logger });
  const keys = createKeys(options.prefix);
  return {
    kind: "redis",
    redis,
    sessions: <T>(namespace: string) =>
      new RedisSessionStorage<T>({ redis, keys, namespace, ttlSeconds: options.sessionTtlSeconds }),
    payments: new RedisPaymentStore<P>(redis, keys),
    timers: new RedisTimerStore(redis, keys),
    dedup: new RedisWebhookDedup(redis, keys),
    people: new RedisPeopleStore(redis, keys),
    invites: new RedisInviteStore(redis, keys),
    spend: new RedisSpendStore(redis, keys),
    audit: new RedisAuditLog(redis, keys),
    healthy: () => redisHealthy(redis),
    close: () => closeRedis(redis),
  };
}
