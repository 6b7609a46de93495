import { randomBytes } from "node:crypto";
import { createLogger } from "../../src/logger.js";
import { createKeys, type Keys } from "../../src/store/keys.js";
import { closeRedis, createRedis, type RedisClient } from "../../src/store/redis.js";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A prefix no other test (or test run) uses: `test:<name>:<random>`. */
export function uniquePrefix(name: string): string {
  return `test:${name}:${randomBytes(4).toString("hex")}`;
}

export interface TestRedis {
  client: RedisClient;
  keys: Keys;
  prefix: string;
  /** Deletes every key under the prefix and closes the client. */
  cleanup(): Promise<void>;
}

/** A real Redis connection with its own key prefix, for one test file. */
export async function testRedis(name: string): Promise<TestRedis> {
  const prefix = uniquePrefix(name);
  const client = await createRedis({
    url: REDIS_URL,
    logger: createLogger({ level: "silent", format: "json", secrets: [] }),
  });
  return {
    client,
    keys: createKeys(prefix),
    prefix,
    cleanup: async () => {
      await deleteByPrefix(client, prefix);
      await closeRedis(client);
    },
  };
}

export async function deleteByPrefix(client: RedisClient, prefix: string): Promise<void> {
  for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
    if (batch.length > 0) await client.del(batch);
  }
}
