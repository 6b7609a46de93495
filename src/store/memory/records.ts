import type {
  AuditDraft,
  AuditLog,
  RecordQuery,
  RecordStore,
  StoredRecord,
  UpdateOptions,
} from "../types.js";

/**
 * Money records in process memory. Records are kept as JSON, like in Redis, so a caller never holds
 * the stored object; `update` reads, decides and writes without yielding, which makes it atomic
 * on a single event loop — the guarantee the Redis store gets from compare-and-set. Audit entries
 * of a change are handed to the audit log in the same turn.
 */
export class MemoryRecordStore<T extends StoredRecord> implements RecordStore<T> {
  private readonly records = new Map<string, string>();
  private readonly byProvider = new Map<string, string>();
  private readonly open = new Set<string>();

  constructor(private readonly audit: AuditLog) {}

  async create(record: T, audit?: AuditDraft[]): Promise<boolean> {
    if (this.records.has(record.id)) return false;
    this.write(record, audit);
    return true;
  }

  async get(id: string): Promise<T | undefined> {
    const json = this.records.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async getMany(ids: string[]): Promise<T[]> {
    return ids.flatMap((id) => {
      const json = this.records.get(id);
      return json === undefined ? [] : [JSON.parse(json) as T];
    });
  }

  async findByProviderId(provider: string, providerId: string): Promise<T | undefined> {
    const id = this.byProvider.get(`${provider}:${providerId}`);
    return id === undefined ? undefined : this.get(id);
  }

  async update(id: string, change: (current: T) => T | undefined, options: UpdateOptions<T> = {}) {
    const json = this.records.get(id);
    if (json === undefined) return undefined;
    const current = JSON.parse(json) as T;
    const next = change(JSON.parse(json) as T);
    if (!next) return { record: current, changed: false };
    this.write(next, options.audit?.(next, current));
    return { record: JSON.parse(JSON.stringify(next)) as T, changed: true };
  }

  async openIds(): Promise<string[]> {
    return [...this.open];
  }

  async recent(query: RecordQuery): Promise<T[]> {
    const all = [...this.records.values()].map((json) => JSON.parse(json) as T);
    return all
      .filter(
        (p) =>
          (query.chatId === undefined || p.chatId === query.chatId) &&
          (query.personId === undefined || p.personId === query.personId) &&
          (query.from === undefined || p.createdAt >= query.from) &&
          (query.to === undefined || p.createdAt <= query.to),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, query.limit);
  }

  private write(record: T, audit: AuditDraft[] | undefined): void {
    this.records.set(record.id, JSON.stringify(record));
    this.byProvider.set(`${record.provider}:${record.providerId}`, record.id);
    if (record.open) this.open.add(record.id);
    else this.open.delete(record.id);
    // The memory log appends synchronously before its promise resolves: same turn as the write.
    for (const entry of audit ?? []) void this.audit.append(entry);
  }
}
