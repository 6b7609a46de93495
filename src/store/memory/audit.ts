import type { AuditDraft, AuditEntry, AuditLog } from "../types.js";

export class MemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  constructor(private readonly clock: () => number) {}

  async append(entry: AuditDraft): Promise<void> {
    const at = entry.at ?? this.clock();
    this.entries.push({ ...structuredClone(entry), id: `${at}-${this.entries.length}`, at });
  }

  async latest(limit: number, before?: string): Promise<AuditEntry[]> {
    const end = before === undefined ? this.entries.length : this.entries.findIndex((e) => e.id === before);
    return structuredClone(this.entries.slice(Math.max(0, end - limit), Math.max(0, end)).reverse());
  }
}
