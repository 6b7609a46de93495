import type { Keys } from "../keys.js";
import type { RedisClient } from "../redis.js";
import type { AuditDraft, AuditEntry, AuditLog } from "../types.js";

/** The audit stream's key: record stores append to it inside their own writes too. */
export const auditKey = (keys: Keys) => keys.key("audit");

/** An entry's stream fields, in the order `XADD … field value …` takes them. */
export function auditFields(
  entry: AuditDraft,
  now: number,
): [string, string, string, string, string, string, string, string] {
  return [
    "at",
    String(entry.at ?? now),
    "action",
    entry.action,
    "actor",
    entry.actor ? JSON.stringify(entry.actor) : "",
    "details",
    JSON.stringify(entry.details),
  ];
}

/** A Redis stream (`audit`): append-only by nature, ordered, with ids that carry the time. */
export class RedisAuditLog implements AuditLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async append(entry: AuditDraft): Promise<void> {
    const [, at, , action, , actor, , details] = auditFields(entry, Date.now());
    await this.redis.xAdd(auditKey(this.keys), "*", { at, action, actor, details });
  }

  async latest(limit: number, before?: string): Promise<AuditEntry[]> {
    const rows = await this.redis.xRevRange(auditKey(this.keys), before ? `(${before}` : "+", "-", {
      COUNT: limit,
    });
    return (rows ?? []).map(({ id, message }) => ({
      id,
      at: Number(message.at),
      action: String(message.action),
      ...(message.actor ? { actor: JSON.parse(String(message.actor)) as AuditEntry["actor"] } : {}),
      details: JSON.parse(String(message.details ?? "{}")) as Record<string, unknown>,
    }));
  }
}
