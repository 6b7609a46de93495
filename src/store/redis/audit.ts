import type { Keys } from "../keys.js";
import type { RedisClient } from "../redis.js";
import type { AuditEntry, AuditLog } from "../types.js";

/** A Redis stream (`audit`): append-only by nature, ordered, with ids that carry the time. */
export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  private key = () => this.keys.key("audit");

  async append(entry: Omit<AuditEntry, "id" | "at"> & { at?: number }): Promise<void> {
    await this.redis.xAdd(this.key(), "*", {
      at: String(entry.at ?? Date.now()),
      action: entry.action,
      actor: entry.actor ? JSON.stringify(entry.actor) : "",
      details: JSON.stringify(entry.details),
    });
  }

  async latest(limit: number): Promise<AuditEntry[]> {
    const rows = await this.redis.xRevRange(this.key(), "+", "-", { COUNT: limit });
    return (rows ?? []).map(({ id, message }) => ({
      id,
      at: Number(message.at),
      action: String(message.action),
      ...(message.actor ? { actor: JSON.parse(String(message.actor)) as AuditEntry["actor"] } : {}),
      details: JSON.parse(String(message.details ?? "{}")) as Record<string, unknown>,
    }));
  }
}
