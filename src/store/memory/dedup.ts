import type { WebhookDedup } from "../types.js";
import type { ExpiringMap } from "./expiring-map.js";

export class MemoryWebhookDedup implements WebhookDedup {
  constructor(
    private readonly map: ExpiringMap<string, string>,
    private readonly keepMs = 72 * 3600_000,
    private readonly reserveMs = 60_000,
  ) {}

  private key = (provider: string, eventId: string) => `dedup:${provider}:${eventId}`;

  async reserve(provider: string, eventId: string): Promise<boolean> {
    if (this.map.has(this.key(provider, eventId))) return false;
    this.map.set(this.key(provider, eventId), "processing", this.reserveMs);
    return true;
  }

  async commit(provider: string, eventId: string): Promise<void> {
    this.map.set(this.key(provider, eventId), "done", this.keepMs);
  }

  async release(provider: string, eventId: string): Promise<void> {
    this.map.delete(this.key(provider, eventId));
  }
}
