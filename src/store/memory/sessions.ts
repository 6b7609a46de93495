import type { StorageAdapter } from "grammy";
import type { ExpiringMap } from "./expiring-map.js";

/** Sessions in process memory, as JSON (so callers never share objects with the store). */
export class MemorySessionStorage<T> implements StorageAdapter<T> {
  constructor(
    private readonly map: ExpiringMap<string, string>,
    private readonly namespace: string,
    private readonly ttlMs: number | undefined,
  ) {}

  private key = (key: string) => `${this.namespace}:${key}`;

  async read(key: string): Promise<T | undefined> {
    const json = this.map.get(this.key(key));
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async write(key: string, value: T): Promise<void> {
    this.map.set(this.key(key), JSON.stringify(value), this.ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.map.delete(this.key(key));
  }

  async has(key: string): Promise<boolean> {
    return this.map.has(this.key(key));
  }

  async *readAllKeys(): AsyncIterableIterator<string> {
    const prefix = this.key("");
    for (const key of this.map.keys()) if (key.startsWith(prefix)) yield key.slice(prefix.length);
  }
}
