import { seesCompany, type Viewpoint } from "../payments/queries.js";
import type { RecordStore } from "../store/types.js";
import type { Actor } from "../team/actor.js";
import type { InvoiceRecord } from "./types.js";

/** Read access to invoices, with the same rules of who sees what as payments. */
export class InvoiceQueries {
  constructor(private readonly store: RecordStore<InvoiceRecord>) {}

  async recent(from: Viewpoint, limit: number): Promise<InvoiceRecord[]> {
    const company = from.privateChat && seesCompany(from.actor.role);
    return this.store.recent({
      limit,
      ...(!from.privateChat ? { chatId: from.chatId } : company ? {} : { personId: from.actor.person.id }),
    });
  }

  async find(id: string, from: Viewpoint): Promise<InvoiceRecord | undefined> {
    const invoice = await this.store.get(id);
    if (!invoice) return undefined;
    const visible =
      invoice.chatId === from.chatId ||
      invoice.requestedBy.id === from.actor.person.id ||
      seesCompany(from.actor.role);
    return visible ? invoice : undefined;
  }

  async between(actor: Actor, range: { from: number; to: number }, limit: number): Promise<InvoiceRecord[]> {
    if (!seesCompany(actor.role)) return [];
    return (await this.store.recent({ limit, from: range.from, to: range.to })).reverse();
  }
}
