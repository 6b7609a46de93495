import type { ProviderName } from "../config.js";
import type { Logger } from "../logger.js";
import type { OnceStore } from "../store/types.js";

/** A provider went unanswered while quoting; which other providers could take its payments. */
export interface OutageAlert {
  provider: ProviderName;
  alternatives: ProviderName[];
}

export interface OutageDeps {
  alerts: OnceStore;
  /** Every configured spend provider. */
  providers: readonly ProviderName[];
  notify(alert: OutageAlert): Promise<void>;
  logger: Logger;
}

/** Told again at most this often while a provider stays down (and at once after it came back). */
const OUTAGE_MEMORY_MS = 6 * 3600_000;

/**
 * "Lumo needs attention": the administrators hear once that a provider stopped answering, not once
 * per scanned code; the next outage after it answered again is news again. Never throws.
 */
export class ProviderOutages {
  constructor(private readonly deps: OutageDeps) {}

  async down(provider: ProviderName): Promise<void> {
    try {
      if (!(await this.deps.alerts.claim(keyOf(provider), OUTAGE_MEMORY_MS))) return;
      await this.deps.notify({ provider, alternatives: this.deps.providers.filter((p) => p !== provider) });
    } catch (err) {
      this.deps.logger.warn({ err, provider }, "could not tell the administrators about the outage");
    }
  }

  async up(provider: ProviderName): Promise<void> {
    await this.deps.alerts.release(keyOf(provider)).catch((err: unknown) => {
      this.deps.logger.warn({ err, provider }, "could not forget the outage");
    });
  }
}

const keyOf = (provider: ProviderName) => `outage:${provider}`;
