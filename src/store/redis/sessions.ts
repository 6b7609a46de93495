import type { StorageAdapter } from "grammy";
import type { Keys } from "../keys.js";
import type { RedisClient } from "../redis.js";

export interface RedisSessionOptions {
  redis: RedisClient;
  keys: Keys;
  /** Namespace under the prefix: `<prefix>:<namespace>:<session key>`. */
  namespace?: string;
  /** Sessions untouched for this long are forgotten. Every write renews the lease. */
  ttlSeconds?: number;
}

/**
 * grammY session storage over node-redis (`@grammyjs/storage-redis` only speaks ioredis).
 * Values are JSON; a value that no longer parses is treated as absent rather than crashing updates.
 */
export class RedisSessionStorage<T> implements StorageAdapter<T> {
  private readonly redis: RedisClient;
  private readonly keys: Keys;
  private readonly namespace: string;
  private readonly ttlSeconds: number | undefined;

  constructor(options: RedisSessionOptions) {
    this.redis = options.redis;
    this.keys = options.keys;
    this.namespace = options.namespace ?? "session";
    this.ttlSeconds = options.ttlSeconds;
  }

  private key(key: string): string {
    return this.keys.key(this.namespace, key);
  }

  async read(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.key(key));
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  }

  async write(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    if (this.ttlSeconds) await this.redis.set(this.key(key), json, { EX: this.ttlSeconds });
    else await this.redis.set(this.key(key), json);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async has(key: string): Promise<boolean> {
    return (await this.redis.exists(this.key(key))) === 1;
  }

  async *readAllKeys(): AsyncIterableIterator<string> {
    const pattern = `${this.key("")}*`;
    const strip = this.key("").length;
    for await (const batch of this.redis.scanIterator({ MATCH: pattern, COUNT: 200 })) {
      for (const key of batch) yield key.slice(strip);
    }
  }
}
