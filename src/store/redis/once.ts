import type { Keys } from "../keys.js";
import type { RedisClient } from "../redis.js";
import type { OnceStore } from "../types.js";

/** One `SET NX PX` per claim: of two instances racing for the same key, exactly one gets it. */
export class RedisOnceStore implements OnceStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly namespace: string,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const set = await this.redis.set(this.keys.key(this.namespace, key), "1", {
      NX: true,
      PX: Math.max(1, Math.ceil(ttlMs)),
    });
    return set === "OK";
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.keys.key(this.namespace, key));
  }
}
