import type { DueTimer, TimerStore } from "../types.js";

/** Timers in process memory: the same leasing rules as the Redis store, on one instance. */
export class MemoryTimerStore implements TimerStore {
  private readonly due = new Map<string, number>();
  private member = (kind: string, id: string) => `${kind}:${id}`;

  async schedule(kind: string, id: string, dueAt: number): Promise<void> {
    this.due.set(this.member(kind, id), dueAt);
  }

  async ensure(kind: string, id: string, dueAt: number): Promise<void> {
    if (!this.due.has(this.member(kind, id))) this.due.set(this.member(kind, id), dueAt);
  }

  async cancel(kind: string, id: string): Promise<void> {
    this.due.delete(this.member(kind, id));
  }

  async dueAt(kind: string, id: string): Promise<number | undefined> {
    return this.due.get(this.member(kind, id));
  }

  async claimDue(now: number, leaseMs: number, limit = 100): Promise<DueTimer[]> {
    const members = [...this.due.entries()]
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([member]) => member);
    for (const member of members) this.due.set(member, now + leaseMs);
    return members.map((member) => {
      const at = member.indexOf(":");
      return { kind: member.slice(0, at), id: member.slice(at + 1) };
    });
  }

  async nextDueAt(): Promise<number | undefined> {
    let next: number | undefined;
    for (const at of this.due.values()) if (next === undefined || at < next) next = at;
    return next;
  }
}
