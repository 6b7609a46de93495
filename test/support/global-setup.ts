import { createClient } from "redis";

/** Fails fast, with a clear message, when the Redis the storage tests need is not there. */
export default async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const client = createClient({ url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`Tests need a Redis at ${url} (set REDIS_URL): ${(err as Error).message}`);
  } finally {
    if (client.isOpen) await client.close();
  }
}
