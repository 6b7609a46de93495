import type { RecordStore, Role } from "../store/types.js";
import type { Actor, PaymentRecord } from "./types.js";

/** Where someone asks from: their role, the chat, and whether it is their private chat with the bot. */
export interface Viewpoint {
  actor: Actor;
  chatId: number;
  privateChat: boolean;
}

/** Administrators and viewers (an accountant, say) oversee the company's payments. */
export const seesCompany = (role: Role) => role === "admin" || role === "viewer";

export type HistoryScope = "company" | "own" | "chat";

/**
 * Read access to payments, with the rules of who sees what. The bot reads payments only through
 * this, never through the store.
 */
export class PaymentQueries {
  constructor(private readonly store: RecordStore<PaymentRecord>) {}

  /**
   * The latest payments for a viewpoint. In private: the company's for those who oversee it, one's
   * own for a payer. In a group: that group's payments, whose cards everyone there sees anyway.
   */
  async recent(from: Viewpoint, limit: number): Promise<{ scope: HistoryScope; payments: PaymentRecord[] }> {
    const scope: HistoryScope = !from.privateChat ? "chat" : seesCompany(from.actor.role) ? "company" : "own";
    const payments = await this.store.recent({
      limit,
      ...(scope === "chat"
        ? { chatId: from.chatId }
        : scope === "own"
          ? { personId: from.actor.person.id }
          : {}),
    });
    return { scope, payments };
  }

  /** A payment, when the viewpoint may see it: in its own chat, its requester, or someone who oversees. */
  async find(id: string, from: Viewpoint): Promise<PaymentRecord | undefined> {
    const payment = await this.store.get(id);
    if (!payment) return undefined;
    const visible =
      payment.chatId === from.chatId ||
      payment.requestedBy.id === from.actor.person.id ||
      seesCompany(from.actor.role);
    return visible ? payment : undefined;
  }

  /** Every payment created in a time range, oldest first, for those who oversee the company. */
  async between(actor: Actor, range: { from: number; to: number }, limit: number): Promise<PaymentRecord[]> {
    if (!seesCompany(actor.role)) return [];
    const newestFirst = await this.store.recent({ limit, from: range.from, to: range.to });
    return newestFirst.reverse();
  }

  /** Payments through a provider that succeeded since a time (for the balance's runway and top-ups). */
  async succeededSince(provider: string, since: number): Promise<PaymentRecord[]> {
    // Created up to a day before: a payment may settle long after its quote.
    const recent = await this.store.recent({ limit: 10_000, from: since - 24 * 3600_000 });
    return recent.filter(
      (p) => p.provider === provider && p.state === "succeeded" && (p.finalAt ?? p.updatedAt) >= since,
    );
  }
}
