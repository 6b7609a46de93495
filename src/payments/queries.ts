import { RecordQueries } from "../lifecycle/queries.js";
import type { PaymentRecord } from "./types.js";

export { type HistoryScope, scopeOf, seesCompany, type Viewpoint } from "../lifecycle/queries.js";

/** Read access to payments, with the rules of who sees what; and what the runway needs. */
export class PaymentQueries extends RecordQueries<PaymentRecord> {
  /** Payments through a provider that succeeded since a time (for the balance's runway and top-ups). */
  async succeededSince(provider: string, since: number): Promise<PaymentRecord[]> {
    // Created up to a day before: a payment may settle long after its quote.
    const recent = await this.store.recent({ limit: 10_000, from: since - 24 * 3600_000 });
    return recent.filter(
      (p) => p.provider === provider && p.state === "succeeded" && (p.finalAt ?? p.updatedAt) >= since,
    );
  }
}
