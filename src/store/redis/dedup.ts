import type { Keys } from "../keys.js";
import type { RedisClient } from "../redis.js";
import type { WebhookDedup } from "../types.js";

/**
 * Webhook deliveries already handled, by provider and event id. An id is first reserved briefly
 * while the event is applied, then kept for `keepSeconds` (≥ 72 h). If applying fails the reservation
 * is released, so the provider's retry is processed rather than dropped as a duplicate.
 */
export class RedisWebhookDedup implements WebhookDedup {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly keepSeconds = 72 * 3600,
    private readonly reserveSeconds = 60,
  ) {}

  private key = (provider: string, eventId: string) => this.keys.key("dedup", provider, eventId);

  /** True when this delivery is new and now reserved for the caller. */
  async reserve(provider: string, eventId: string): Promise<boolean> {
    const set = await this.redis.set(this.key(provider, eventId), "processing", {
      NX: true,
      EX: this.reserveSeconds,
    });
    return set === "OK";
  }

  async commit(provider: string, eventId: string): Promise<void> {
    await this.redis.set(this.key(provider, eventId), "done", { EX: this.keepSeconds });
  }

  async release(provider: string, eventId: string): Promise<void> {
    await this.redis.del(this.key(provider, eventId));
  }
}
