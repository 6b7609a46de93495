/** A Map whose entries may expire, read against an injectable clock. */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number | undefined }>();

  constructor(private readonly clock: () => number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V, ttlMs?: number): void {
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : this.clock() + ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  *keys(): IterableIterator<K> {
    for (const key of [...this.entries.keys()]) if (this.has(key)) yield key;
  }
}
