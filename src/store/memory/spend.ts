import type { SpendStore } from "../types.js";

export class MemorySpendStore implements SpendStore {
  private readonly totals = new Map<string, number>();
  private key = (personId: number, day: string) => `${personId}:${day}`;

  async reserve(personId: number, day: string, amountMinor: number, limitMinor?: number) {
    const current = this.totals.get(this.key(personId, day)) ?? 0;
    if (limitMinor !== undefined && current + amountMinor > limitMinor) return { ok: false, total: current };
    this.totals.set(this.key(personId, day), current + amountMinor);
    return { ok: true, total: current + amountMinor };
  }

  async release(personId: number, day: string, amountMinor: number): Promise<void> {
    this.totals.set(this.key(personId, day), (this.totals.get(this.key(personId, day)) ?? 0) - amountMinor);
  }

  async spent(personId: number, day: string): Promise<number> {
    return this.totals.get(this.key(personId, day)) ?? 0;
  }
}
