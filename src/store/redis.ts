import { createClient } from "redis";
import type { Logger } from "../logger.js";

function buildClient(url: string, connectTimeoutMs: number) {
  return createClient({
    url,
    // node-redis 6 arms an AbortSignal.timeout per command by default; at thousands of commands a
    // second that was a third of the webhook path's CPU. A dead connection is still noticed by the
    // socket and reconnected; health checks carry their own timeout.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries) => Math.min(2 ** retries * 50, 5_000) + Math.floor(Math.random() * 100),
    },
  });
}

export type RedisClient = ReturnType<typeof buildClient>;

export interface RedisOptions {
  url: string;
  logger: Logger;
  /** Give up connecting at start-up after this long; later disconnects reconnect forever. */
  connectTimeoutMs?: number;
}

/**
 * One connected node-redis client. Reconnects with capped exponential backoff and jitter; errors
 * are logged (an unhandled "error" event would crash the process).
 */
export async function createRedis({
  url,
  logger,
  connectTimeoutMs = 5_000,
}: RedisOptions): Promise<RedisClient> {
  const log = logger.child({ component: "redis" });
  const client = buildClient(url, connectTimeoutMs);
  let lastError = "";
  client.on("error", (err: Error) => {
    // One line per distinct failure, not one per reconnect attempt.
    if (err.message !== lastError) log.warn({ err }, "redis error");
    lastError = err.message;
  });
  client.on("ready", () => {
    if (lastError) log.info("redis connection restored");
    lastError = "";
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis did not answer at ${redactUrl(url)} within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
      }),
    ]);
  } catch (err) {
    client.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** True when Redis answers PING within the timeout. */
export async function redisHealthy(client: RedisClient, timeoutMs = 1_000): Promise<boolean> {
  if (!client.isReady) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const pong = await Promise.race([
      client.ping(),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      }),
    ]);
    return pong === "PONG";
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Closes the client after pending commands finish; destroys it if that takes too long. */
export async function closeRedis(client: RedisClient, timeoutMs = 2_000): Promise<void> {
  if (!client.isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.close(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch {
    // Closing a broken connection can reject; destroying below is all that is left to do.
  } finally {
    clearTimeout(timer);
    if (client.isOpen) client.destroy();
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid url)";
  }
}
