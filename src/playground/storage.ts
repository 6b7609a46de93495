import { createClient } from "redis";
import type { Logger } from "../logger.js";
import type { PaymentRecord } from "../payments/types.js";
import { createMemoryStores } from "../store/memory/index.js";
import { createRedisStores } from "../store/redis/index.js";
import type { Stores } from "../store/types.js";

export interface PlaygroundStorageOptions {
  /** "auto": Redis when it answers at `redisUrl`, else memory. */
  mode: "auto" | "memory";
  redisUrl: string;
  prefix: string;
  sessionTtlSeconds: number;
  logger: Logger;
}

/** One quick PING without reconnecting: the playground must not wait for a Redis that is not there. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/**
 * Redis when one answers (under the playground's own prefix, so it never touches a bot's data),
 * otherwise the in-memory stores, which keep nothing after the process ends.
 */
export async function playgroundStores(options: PlaygroundStorageOptions): Promise<Stores<PaymentRecord>> {
  if (options.mode === "auto" && (await redisAnswers(options.redisUrl))) {
    return createRedisStores<PaymentRecord>({
      url: options.redisUrl,
      prefix: options.prefix,
      sessionTtlSeconds: options.sessionTtlSeconds,
      logger: options.logger,
    });
  }
  return createMemoryStores<PaymentRecord>({ sessionTtlSeconds: options.sessionTtlSeconds });
}
