import type { RecordStore, Role, StoredRecord } from "../store/types.js";
import type { Actor, Person } from "../team/actor.js";

/** Where someone asks from: their role, the chat, and whether it is their private chat with the bot. */
export interface Viewpoint {
  actor: Actor;
  chatId: number;
  privateChat: boolean;
}

/** Administrators and viewers (an accountant, say) oversee the company's money. */
export const seesCompany = (role: Role) => role === "admin" || role === "viewer";

export type HistoryScope = "company" | "own" | "chat";

/** The scope a viewpoint sees: a group its own records; in private, the company's or one's own. */
export const scopeOf = (from: Viewpoint): HistoryScope =>
  !from.privateChat ? "chat" : seesCompany(from.actor.role) ? "company" : "own";

/**
 * Read access to one kind of money record, with the rules of who sees what. The bot reads records
 * only through these, never through the store.
 */
export class RecordQueries<T extends StoredRecord & { requestedBy: Person }> {
  constructor(protected readonly store: RecordStore<T>) {}

  /** The latest records for a viewpoint: a group's in a group; the company's or one's own in private. */
  recent(from: Viewpoint, limit: number): Promise<T[]> {
    const scope = scopeOf(from);
    return this.store.recent({
      limit,
      ...(scope === "chat"
        ? { chatId: from.chatId }
        : scope === "own"
          ? { personId: from.actor.person.id }
          : {}),
    });
  }

  /** A record, when the viewpoint may see it: in its own chat, its requester, or someone who oversees. */
  async find(id: string, from: Viewpoint): Promise<T | undefined> {
    const record = await this.store.get(id);
    if (!record) return undefined;
    const visible =
      record.chatId === from.chatId ||
      record.requestedBy.id === from.actor.person.id ||
      seesCompany(from.actor.role);
    return visible ? record : undefined;
  }

  /** Every record created in a time range, oldest first, for those who oversee the company. */
  async between(actor: Actor, range: { from: number; to: number }, limit: number): Promise<T[]> {
    if (!seesCompany(actor.role)) return [];
    return (await this.store.recent({ limit, from: range.from, to: range.to })).reverse();
  }
}
