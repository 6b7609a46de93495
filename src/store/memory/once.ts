import type { OnceStore } from "../types.js";
import type { ExpiringMap } from "./expiring-map.js";

export class MemoryOnceStore implements OnceStore {
  constructor(
    private readonly map: ExpiringMap<string, string>,
    private readonly namespace: string,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const full = `${this.namespace}:${key}`;
    if (this.map.has(full)) return false;
    this.map.set(full, "1", ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.map.delete(`${this.namespace}:${key}`);
  }
}
